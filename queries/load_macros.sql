-- name: load_macros
-- Temporary macros the load_* queries use. fold(s) maps full-width ASCII and the ideographic space to
-- half-width. translate with a 96-character map is slow (~3 us a value), so pure-ASCII values
-- (strlen = length) and values without any full-width character skip it. The two literals must equal anning.text.FULLWIDTH / HALFWIDTH (a test checks).
-- returns: nothing
create or replace temp macro fold(s) as
    case when strlen(s) = length(s) or not regexp_matches(s, '[！-～　]') then s else translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ') end;

create or replace temp macro norm_key(s) as
    lower(regexp_replace(trim(fold(s)), '\s+', ' ', 'g'));

create or replace temp macro name_key(s) as
    'n:' || lower(regexp_replace(fold(s), '\s', '', 'g'));

-- GB 32100-2015: 17 weighted characters of a 31-letter alphabet determine the 18th.
create or replace temp macro credit_code_ok(c) as
    case
        when c is null then null
        when not regexp_full_match(c, '[0-9A-HJ-NPQRTUWXY]{18}') then false
        else substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                (31 - list_sum(list_transform(range(1, 18), lambda i:
                    (instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(c, i, 1)) - 1)
                    * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i]))::bigint % 31) % 31 + 1, 1)
             = substr(c, 18, 1)
    end;

-- unclean(s): whether clean(s) changes s at all (one scan).
create or replace temp macro unclean(s) as
    regexp_matches(s, '[\p{Cc}\p{Cf}\x{2028}\x{2029}]');

-- Text as stored (issue 15 #3): tabs and line breaks (CR, LF, NEL, U+2028/2029) become spaces; every other
-- control character (C0, C1) and every format character (Unicode category Cf: the bidi controls, zero-width
-- characters, BOM, soft hyphen, tag characters and the rest) is removed, as anning.core.escape.visible_text
-- removes them from what is shown. A value without any of them is returned as is after one scan (nearly
-- every value).
create or replace temp macro clean(s) as
    case
        when not unclean(s)
            then s
        else regexp_replace(
            regexp_replace(s, '[\t\n\r\x{85}\x{2028}\x{2029}]', ' ', 'g'),
            '[\p{Cc}\p{Cf}]', '', 'g')
    end;

-- A name as stored: cleaned, NFC, runs of white space collapsed to one space, trimmed (null when empty).
create or replace temp macro clean_name(s) as
    nullif(trim(regexp_replace(nfc_normalize(clean(s)), '\s+', ' ', 'g')), '');

-- Free text as stored: cleaned and trimmed (null when empty).
create or replace temp macro clean_text(s) as
    nullif(trim(clean(s)), '');

-- The date and date-time formats the contract accepts (docs/data-contract.md), tried in order.
create or replace temp macro parse_datetime(s) as
    try_strptime(s, [
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S',
        '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
        '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日', '%Y年%m月%d日%H:%M:%S',
        '%Y.%m.%d', '%Y%m%d'
    ]);

-- The date formats of takedown and enforcement dates (a time of day is accepted and dropped).
create or replace temp macro parse_date(s) as
    try_strptime(s, [
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d', '%Y年%m月%d日', '%Y.%m.%d', '%Y%m%d'
    ])::date;
