#include "html.h"

#include <stdarg.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Length of the well-formed UTF-8 sequence at p (at most left bytes), or 0
 * if there is none (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF). */
static size_t utf8_sequence_length(const unsigned char *p, size_t left)
{
	unsigned char b = p[0];
	size_t n;
	unsigned char low = 0x80, high = 0xBF; /* allowed range of the second byte */
	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		n = 2;
	else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		if (b == 0xE0)
			low = 0xA0;
		if (b == 0xED)
			high = 0x9F;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		if (b == 0xF0)
			low = 0x90;
		if (b == 0xF4)
			high = 0x8F;
	} else
		return 0;
	if (left < n || p[1] < low || p[1] > high)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

void html_escape_n(FILE *out, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		switch (c) {
		case '&': fputs("&amp;", out); i++; continue;
		case '<': fputs("&lt;", out); i++; continue;
		case '>': fputs("&gt;", out); i++; continue;
		case '"': fputs("&quot;", out); i++; continue;
		case '\'': fputs("&#39;", out); i++; continue;
		case '\n': case '\t': fputc(c, out); i++; continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7F) {
			fputs(REPLACEMENT, out);
			i++;
			continue;
		}
		size_t n = utf8_sequence_length(p + i, len - i);
		if (n == 0) {
			fputs(REPLACEMENT, out);
			i++;
			continue;
		}
		/* C1 controls (U+0080..U+009F) are not text either. */
		if (n == 2 && c == 0xC2 && p[i + 1] < 0xA0)
			fputs(REPLACEMENT, out);
		else
			fwrite(p + i, 1, n, out);
		i += n;
	}
}

void html_escape(FILE *out, const char *text)
{
	html_escape_n(out, text, strlen(text));
}

void html_write_parts(FILE *out, const char *markup, ...)
{
	va_list ap;
	va_start(ap, markup);
	for (int is_text = 0; markup; markup = va_arg(ap, const char *), is_text = !is_text) {
		if (is_text)
			html_escape(out, markup);
		else
			fputs(markup, out);
	}
	va_end(ap);
}
