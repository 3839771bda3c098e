/* errno_name: "ECONNREFUSED" for ECONNREFUSED, as goldens and failure
 * messages print errors. glibc has strerrorname_np only from 2.32 and musl
 * not at all, so the names are listed here (the socket-related ones; any
 * other prints as "errno N"). */
#ifndef DSLAB_ERRNO_NAME_H
#define DSLAB_ERRNO_NAME_H

const char *errno_name(int error);

#endif
