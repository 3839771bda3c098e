/* cli_help: the help texts of dslab and of each command (dslab doctor's is
 * its own: doctor_options.c). README.md and the man page say the same at
 * length; doc/manpage checks they agree. */
#include "cli.h"

#include <string.h>

static const char main_help[] =
	"usage: dslab COMMAND [OPTIONS] [PATTERN...]\n"
	"       dslab --version\n"
	"\n"
	"Runs the dual-stack socket lessons, each scenario under each variant in a\n"
	"network namespace of its own, and compares what happened with the goldens.\n"
	"\n"
	"commands:\n"
	"  list [PATTERN...]          print the cases, one per line\n"
	"  run [OPTIONS] [PATTERN...] run cases and compare them with their goldens\n"
	"  show [--actual] CASE       print a case's golden (or its last actual transcript);\n"
	"       [--view netstat|ss]   or its snapshots as netstat -tuan or ss -tuan print them;\n"
	"       [--file PATH]         the same for a file in the goldens' form\n"
	"  explain [--view netstat|ss] CASE\n"
	"                             the lesson: why it happens, then the golden with notes\n"
	"  check                      every scenario has cases and goldens, every golden a case\n"
	"  snapshot [OPTIONS]         this namespace's socket table, as the goldens show it\n"
	"  report --html DIR [OPTIONS] [PATTERN...]\n"
	"  report --runtimes-table [--expected DIR]\n"
	"                             run cases like run and write DIR/index.html: the lessons,\n"
	"                             how each case fared, every lesson's result grids\n"
	"  kernels [--kernel SPEC...] every case on other kernels (qemu) and libcs: behaviour diff\n"
	"  doctor [OPTIONS] [PORT...] explain this machine's socket table; --bind ADDR:PORT\n"
	"                             predicts a bind from the bind-matrix goldens\n"
	"  reproduce CASE [--cell ROW COLUMN] [-o FILE]\n"
	"                             one self-contained C program checking a bind-matrix case\n"
	"  help [COMMAND]             this text, or a command's\n"
	"\n"
	"A case is <scenario>/<variant>, e.g. seed_v4v6/bindv6only=0. A PATTERN is a\n"
	"glob over case names; a bare scenario name selects all its variants.\n"
	"--version prints the version and the commit this dslab was built from.\n"
	"\n"
	"exit codes:\n"
	"  0  every case passed\n"
	"  1  a case failed (transcript differs, crash, timeout, harness error)\n"
	"  2  usage error or bad input (unknown option, no matching case, a missing\n"
	"     or malformed golden, missing scenario binary, --update under CI)\n"
	"  4  nothing failed, but cases were skipped and none passed\n";

static const char report_help[] =
	"usage: dslab report --html DIR [OPTIONS] [PATTERN...]\n"
	"       dslab report --runtimes-table [--expected DIR]\n"
	"\n"
	"Runs the cases (all of them without a PATTERN) as dslab run does, printing a\n"
	"line per case and the summary line, then writes DIR/index.html: one static\n"
	"page, no script and nothing loaded from elsewhere (inline CSS), with\n"
	"  - the lessons, each with its summary (the \"Lesson:\" paragraph of\n"
	"    scenarios/<name>.c) and every case's result: pass, fail, skip, timeout, crash;\n"
	"  - result grids (today bind_matrix_tcp's and bind_matrix_udp's): each case's\n"
	"    grids as tables, grouped by lesson and by the settings besides bindv6only,\n"
	"    drawn from the form each lesson declares for its grids; a cell shows its\n"
	"    results as text and a symbol, coloured, and in words on hover;\n"
	"  - runtimes and servers: per real program and call (the lessons whose\n"
	"    subject is one), which families it took and how it named its client;\n"
	"  - the kernel/libc behaviour-diff table of dslab kernels, read from\n"
	"    build/kernels/diff.md (or diff.json), or \"no kernel matrix run yet\".\n"
	"\n"
	"The page is written into DIR.tmp.XXXXXX beside DIR and renamed into place, so\n"
	"DIR appears whole or not at all. DIR must be new, empty or an earlier report\n"
	"(only index.html in it); anything else is refused.\n"
	"\n"
	"options:\n"
	"  --html DIR            where the page goes (required)\n"
	"  --kernel-diff FILE    embed this behaviour-diff file (markdown; .json as text)\n"
	"  --runtimes-table      print the runtimes and servers table in markdown (the\n"
	"                        README's, from the goldens) and run nothing\n"
	"  --jobs N, --timeout SECONDS, --expected DIR, --actual-dir DIR,\n"
	"  --kernel-tag TAG, --no-recorded\n"
	"                        as for dslab run\n"
	"\n"
	"exit codes: as dslab run (0 all passed, 1 a case failed, 4 all skipped), the\n"
	"page written in each case; 2 usage error, bad input, or the page cannot be\n"
	"written (one line; nothing is left at DIR). --runtimes-table: 0, or 2 if a\n"
	"golden cannot be read (one line).\n";

static const char run_help[] =
	"usage: dslab run [OPTIONS] [PATTERN...]\n"
	"\n"
	"Runs the cases (all of them without a PATTERN) and prints a line per case,\n"
	"then the summary line \"N passed, N failed, N skipped\".\n"
	"\n"
	"options:\n"
	"  --jobs N              cases run in parallel (default: number of CPUs)\n"
	"  --format FORMAT       human (default), json (one object per line; the\n"
	"                        summary goes to stderr), ktap (KTAP version 1)\n"
	"  --timeout SECONDS     time limit per case (default 10); multiplied by\n"
	"                        $" TIMEOUT_MULTIPLIER_VARIABLE " on slow machines\n"
	"  --update              rewrite the goldens from this run (atomically);\n"
	"                        refused when $CI is set. On a kernel of another\n"
	"                        version than the reference, with another glibc\n"
	"                        (@glibc-M.m) or with --kernel-tag, it records\n"
	"                        overrides only, never the main goldens\n"
	"  --kernel-tag TAG      judge with the differences recorded as TAG\n"
	"                        (<variant>@TAG.golden; default: linux-M.m of this\n"
	"                        kernel's release; also $" KERNEL_TAG_VARIABLE_NAME ");\n"
	"                        with --update, record this kernel's under TAG\n"
	"  --no-recorded         judge with the main goldens only: a recorded kernel\n"
	"                        or libc difference fails (for kernel CI); else\n"
	"                        this glibc's (glibc-M.m) apply too, by version\n"
	"  --new-reference       with --update: this kernel becomes the reference\n"
	"                        (expected/REFERENCE), whatever its version\n"
	"  --keep                keep actual transcripts of passing cases too\n"
	"  --expected DIR        goldens directory (default: the source tree's expected/;\n"
	"                        installed, PREFIX/share/dslab/expected: see dslab help)\n"
	"  --actual-dir DIR      where actual transcripts go (default: build/actual;\n"
	"                        installed, actual/ in the user's state directory)\n"
	"  --capture-tools DIR   at each snapshot, also run the real netstat -tuan and\n"
	"                        ss -tuan in the case's namespace and keep their output\n"
	"                        with the snapshot's raw rows (real ports) in\n"
	"                        DIR/<case>/NN-LABEL.{rows,netstat,ss,errors}, to check\n"
	"                        the views against (show --view --file); off by default,\n"
	"                        it changes no transcript. Use a new DIR: files of an\n"
	"                        earlier capture there are overwritten, not removed\n"
	"  --libc glibc|musl     run the build for that libc (musl: build/musl/dslab,\n"
	"                        the musl CMake preset's); it compares with\n"
	"                        <variant>@musl.golden where one exists, and --update\n"
	"                        writes only those overrides, never the main golden\n"
	"\n"
	"The main goldens are the reference kernel's and libc's (expected/REFERENCE,\n"
	"named in the second summary line). On another kernel a case passes if it\n"
	"matches the main golden, or \"recorded for TAG\" if it matches the override\n"
	"that applies; a case whose subject this kernel lacks is skipped, saying what\n"
	"is missing; anything else fails, naming the kernel (README: On your kernel).\n"
	"\n"
	"A case that cannot get a network namespace (not root, user namespaces off)\n"
	"is skipped with a hint; it never runs in the host's namespace.\n"
	"\n"
	"The cases' namespaces are made inside one of the runner's own, where\n"
	"small socket hash tables are set for them; $" SHARED_TABLES_VARIABLE "=1 makes them\n"
	"share the host's tables instead (slower; the same results).\n";

static const char list_help[] =
	"usage: dslab list [PATTERN...]\n\nPrints the matching cases, one per line.\n";
static const char show_help[] =
	"usage: dslab show [--actual] [--view netstat|ss] [--expected DIR] [--actual-dir DIR] CASE\n"
	"       dslab show [--view netstat|ss] --file PATH\n\n"
	"Prints the golden of CASE, or with --actual the last actual transcript\n"
	"(kept for failing cases, or for all with run --keep), or with --file the\n"
	"file PATH in the goldens' form (say, a snapshot's rows that run\n"
	"--capture-tools kept; the title is then PATH).\n"
	"\n"
	"--view netstat, --view ss: instead, each snapshot's socket table as\n"
	"`netstat -tuan` (net-tools 2.10) or `ss -tuan` (iproute2 6.1) would print it\n"
	"in the case's namespace at that moment, made from the snapshot's rows and\n"
	"headed \"# CASE, snapshot LABEL\" and \"$ COMMAND\". netstat's Proto is the\n"
	"/proc/net file (tcp6 for every AF_INET6 socket) and it prints an IPv4-mapped\n"
	"address as plain IPv4 (127.0.0.1, the ::ffff: dropped); ss's Netid is the\n"
	"protocol (tcp, udp), it prints mapped addresses whole ([::ffff:127.0.0.1])\n"
	"and [::] as * unless the socket is v6-only.\n"
	"What the goldens do not record: Recv-Q and Send-Q print 0 (ss shows a\n"
	"listener's backlog as its Send-Q); the tools print rows in groups (netstat:\n"
	"tcp, tcp6, udp, udp6; ss: udp, udp6, tcp, tcp6; TCP listeners first in each)\n"
	"and in kernel hash-table order within a group, where the view keeps the\n"
	"golden's order; ephemeral ports stay EPH1, EPH2... (netstat cuts long\n"
	"addresses as it would for a 5-digit port); ss's columns are laid out as when\n"
	"its output is not a terminal. A socket bound to a device is in the rows as\n"
	"ss prints it, [::]%lo:7200; netstat shows no device.\n";
static const char snapshot_help[] =
	"usage: dslab snapshot [--tcp] [--udp] [--listening] [--source sock_diag|proc]\n"
	"                      [--format human|json]\n\n"
	"Prints the socket table of the network namespace dslab runs in, in the\n"
	"goldens' words: the /proc/net file each socket is listed in (tcp6 for every\n"
	"AF_INET6 socket, whatever its peer), state, addresses, v6only (sock_diag\n"
	"knows it for listening and unconnected sockets only: '?' elsewhere).\n"
	"--tcp, --udp: only those (default both); --listening: LISTEN and\n"
	"unconnected UDP only; --source proc: read /proc/net/* as netstat does\n"
	"instead of NETLINK_SOCK_DIAG (then v6only is unknown).\n";

static const char explain_help[] =
	"usage: dslab explain [--view netstat|ss] [--expected DIR] CASE\n\n"
	"Tells the lesson of CASE: the scenario's header (what you will see, why,\n"
	"the RFC sections and kernel functions behind it, from the leading comment\n"
	"of scenarios/<scenario>.c), then the case's golden, each line that matters\n"
	"followed by a note (\"    > ...\") from scenarios/<scenario>.explain.\n"
	"--view netstat, --view ss: then the snapshots as netstat -tuan or ss -tuan\n"
	"print them (as dslab show --view).\n"
	"--expected DIR: the goldens directory (default: the source tree's expected/).\n"
	"Colour only when stdout is a terminal and NO_COLOR is unset or empty.\n"
	"An unknown CASE: one line naming close matches, exit 2. dslab check checks\n"
	"that every note names a line of the goldens it applies to.\n";

static const char check_help[] =
	"usage: dslab check [--expected DIR]\n\n"
	"Fails (exit 1) when a scenario source is not built into dslab, a scenario\n"
	"binary is missing, a case has no golden, a golden has no case, or an\n"
	"annotation file (scenarios/<scenario>.explain) is malformed, has no\n"
	"scenario, or has a note for a line its goldens do not have.\n";

static const char kernels_help[] =
	"usage: dslab kernels [--kernel SPEC]... [--kernel-image PATH [--modules DIR]\n"
	"                     [--name NAME]] [--no-musl] [--timeout SECONDS] [--update]\n"
	"                     [--expected DIR] [PATTERN...]\n\n"
	"Runs every case on this host (glibc), on this host with the musl build\n"
	"(build/musl/dslab, if built), and on each kernel SPEC booted once in qemu\n"
	"(default: --kernel 6.1 --kernel 6.12). SPEC is a series, 5.10, 6.1, 6.12, 7.2\n"
	"(the newest linux-image-<series>.*-cloud-amd64), a Debian suite, bullseye,\n"
	"bookworm, trixie, sid (the cloud kernel it installs), or a package name: what\n"
	"the host's apt does not know is looked up in Debian's archive through a\n"
	"private apt configuration in build/kernels/archive (index read once a day,\n"
	"signatures checked; the host's sources are never touched). The package\n"
	"is downloaded with apt-get download into build/kernels/cache (never installed);\n"
	"harness/kernels/vm.sh packs this build's dslab, scenarios, goldens and\n"
	"busybox into an initramfs, boots it (256 MB), and the VM's init runs dslab run\n"
	"--format ktap, results on the second serial port.\n"
	"--kernel-image PATH boots a kernel built elsewhere (a bzImage or any vmlinuz;\n"
	"then no default SPEC) the same way, its modules from --modules DIR (a make\n"
	"modules_install tree) or built in; its .config (beside the image, a kernel\n"
	"tree's, or /boot's config-RELEASE) is checked first against the options the\n"
	"suite and the VM need, and a missing one skips it, named in one line. Its\n"
	"column is --name NAME (default linux-X.Y from its release), its overrides\n"
	"@linux-X.Y as a package's.\n"
	"\n"
	"Then, for every case and column, the transcript against the main golden, cell\n"
	"by cell: printed, and written to build/kernels/diff.md and diff.json. A\n"
	"difference recorded in <variant>@linux-X.Y.golden (or @musl) is 'recorded';\n"
	"one that is not is 'new' and fails; where a recorded override applies but\n"
	"no longer matches, the note names its changed cells. --update writes those\n"
	"overrides (never the main goldens). --expected DIR: the goldens to judge\n"
	"by, and to pack into the VMs (default: the source tree's expected/).\n"
	"--timeout: the limit for one VM (default 300 s, times\n"
	"$" TIMEOUT_MULTIPLIER_VARIABLE ").\n"
	"\n"
	"The accelerator: DSLAB_VM_ACCEL=auto (default) boots under KVM where /dev/kvm\n"
	"opens and the guest makes progress: a KVM boot that has written nothing (not\n"
	"even the firmware's banner) in DSLAB_VM_KVM_DEADLINE seconds (default 10), or\n"
	"that aborts at once, is ended and boots under TCG (software emulation), with\n"
	"one line: \"KVM opened but ran nothing in 10 s; using TCG (software\n"
	"emulation)\"; the rest of the run does not try KVM again. kvm: KVM or the\n"
	"column fails with the reason (exit 1); tcg: never KVM. The table's accel\n"
	"column and diff.json's \"accel\" and \"accel_note\" say what each VM used.\n"
	"\n"
	"exit: 0 no new difference; 1 a new difference, or a kernel gave no result\n"
	"(panic or timeout: the last console lines are printed); 2 unknown SPEC (the\n"
	"versions apt offers are named), a PATH that is no kernel image, --modules of\n"
	"another release, a missing --expected DIR, a bad DSLAB_VM_ACCEL or\n"
	"DSLAB_VM_KVM_DEADLINE; 4 nothing could run (no qemu, no archive, missing\n"
	"options).\n";

static const char reproduce_help[] =
	"usage: dslab reproduce CASE [--cell ROW COLUMN] [-o FILE] [--expected DIR]\n\n"
	"Writes one self-contained C program (libc only, no harness) that checks the\n"
	"cells of a bind_matrix_tcp case on the kernel that runs it: every cell of its\n"
	"grids, or with --cell the one at ROW x COLUMN (labels as dslab show prints\n"
	"them: --cell '[::ffff:0.0.0.0]' '[::ffff:127.0.0.1]'). Its header says what it\n"
	"checks, the expected result (the main golden) and the observed one where an\n"
	"override records another kernel's (@linux-6.1), and how to build it:\n"
	"cc -o repro repro.c. It makes a network namespace of its own (as root, or in a\n"
	"user namespace), sets net.ipv6.bindv6only there as the case's variant says,\n"
	"prints KTAP and exits 0 when the kernel does what the main golden says, 1\n"
	"when it differs, 4 when it cannot run. -o FILE is written atomically; without\n"
	"it the program goes to standard output.\n"
	"\n"
	"exit: 0 written; 2 unknown case or cell, a case with no grid or of another\n"
	"scenario, a file that cannot be written (one line; nothing half-written).\n";

const char *cli_help(const char *topic)
{
	if (!topic)
		return main_help;
	if (strcmp(topic, "run") == 0)
		return run_help;
	if (strcmp(topic, "list") == 0)
		return list_help;
	if (strcmp(topic, "show") == 0)
		return show_help;
	if (strcmp(topic, "check") == 0)
		return check_help;
	if (strcmp(topic, "snapshot") == 0)
		return snapshot_help;
	if (strcmp(topic, "explain") == 0)
		return explain_help;
	if (strcmp(topic, "report") == 0)
		return report_help;
	if (strcmp(topic, "kernels") == 0)
		return kernels_help;
	if (strcmp(topic, "reproduce") == 0)
		return reproduce_help;
	return main_help;
}
