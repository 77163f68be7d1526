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
