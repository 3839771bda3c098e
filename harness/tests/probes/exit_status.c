/* Test probe: reports one call, then exits with status 3. */
#include "report.h"

int main(void)
{
	report_note("about to exit 3");
	return 3;
}
