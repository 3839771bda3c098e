/* capability.h: a scenario's own capabilities, lowered and shown.
 *
 * The runner starts a scenario with only the capabilities it declares
 * (dslab-capabilities:), in the permitted and effective sets. A lesson
 * that shows what a call does without one lowers it from the effective set
 * mid-run with lower_capability() and reports that like any call:
 *
 *	report_call(lower_capability("CAP_NET_BIND_SERVICE"),
 *		    "lower_capability(CAP_NET_BIND_SERVICE)");
 *
 * Every function here leaves errno as it found it, except that
 * lower_capability() sets it when it fails. */
#ifndef DSLAB_CAPABILITY_H
#define DSLAB_CAPABILITY_H

/* Clear the capability named (libcap's name, any case:
 * "CAP_NET_BIND_SERVICE" or "cap_net_bind_service") from the effective
 * set; it stays in the permitted set. 0, or -1 with errno (EINVAL for a
 * name libcap does not know, or what cap_set_proc reports). */
int lower_capability(const char *name);

/* A note with the effective and permitted sets, by name:
 * "# effective: cap_net_bind_service; permitted: cap_net_bind_service",
 * "none" for an empty set. */
void report_capabilities(void);

#endif
