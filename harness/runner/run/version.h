/* version: what this dslab is, for dslab --version, run --format json and
 * the HTML report. The project's version comes from CMakeLists.txt's
 * project(); the commit from `git describe --always --dirty` in the source
 * tree at build time, "unknown" where there is no git or no repository
 * (a tarball). Defined in the generated version.c (version.cmake). */
#ifndef DSLAB_VERSION_H
#define DSLAB_VERSION_H

extern const char dslab_version[]; /* "0.1.0" */
extern const char dslab_commit[];  /* "acc9b72", "acc9b72-dirty", "v0.1.0-3-gacc9b72" or "unknown" */

#endif
