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
