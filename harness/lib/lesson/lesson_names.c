/* lesson_names: the name service's answers reported (report_addrinfo,
 * report_text in lesson.h): getaddrinfo's EAI_ codes are results of their
 * own, not -1 and errno. */
#include "lesson.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>

#include "lesson_channel.h"
#include "transcript.h"

static const char *gai_name(int rc)
{
	switch (rc) {
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_FAMILY: return "EAI_FAMILY";
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
	case EAI_SERVICE: return "EAI_SERVICE";
	case EAI_MEMORY: return "EAI_MEMORY";
	case EAI_SYSTEM: return "EAI_SYSTEM";
	case EAI_OVERFLOW: return "EAI_OVERFLOW";
#ifdef EAI_NODATA
	case EAI_NODATA: return "EAI_NODATA";
#endif
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
#endif
	default: return "EAI_?";
	}
}

/* An event whose result is an EAI_ code rather than -1 and errno. */
static void report_gai_event(int rc, const char *detail, const char *call)
{
	char result[24];
	snprintf(result, sizeof result, "%s", rc == 0 ? "0" : gai_name(rc));
	lesson_emit(RECORD_EVENT, (const char *[]){call, result, "", rc == 0 ? detail : ""});
}

int report_addrinfo(int rc, const struct addrinfo *list, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	char call[512], detail[1024] = "";
	va_list ap;
	va_start(ap, call_format);
	vsnprintf(call, sizeof call, call_format, ap);
	va_end(ap);
	size_t len = 0;
	for (const struct addrinfo *ai = rc == 0 ? list : NULL; ai && len < sizeof detail; ai = ai->ai_next)
		len += (size_t)snprintf(detail + len, sizeof detail - len, "%s%s", len ? " " : "",
					sockaddr_text(ai->ai_addr));
	if (rc == 0 && !list)
		snprintf(detail, sizeof detail, "(no results)");
	report_gai_event(rc, detail, call);
	errno = error;
	return rc;
}

int report_text(int rc, int gai_style, const char *text, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	char call[512], detail[512] = "";
	va_list ap;
	va_start(ap, call_format);
	vsnprintf(call, sizeof call, call_format, ap);
	va_end(ap);
	if ((gai_style ? rc == 0 : rc >= 0) && text)
		snprintf(detail, sizeof detail, "\"%s\"", text);
	if (gai_style) {
		report_gai_event(rc, detail, call);
	} else {
		char result[24];
		lesson_result_text(rc, error, result);
		lesson_emit(RECORD_EVENT, (const char *[]){call, result, "", rc < 0 ? "" : detail});
	}
	errno = error;
	return rc;
}
