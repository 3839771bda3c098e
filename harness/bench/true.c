/* The trivial program a bare case execs (build/bench/bench_true): linked
 * statically, so that exec costs no dynamic loading. */
int main(void)
{
	return 0;
}
