# cmake -DSOURCE_DIR=... -DVERSION=... -DINPUT=version.c.in -DOUTPUT=...
#       -P version.cmake
# Writes OUTPUT with the project's version and the commit the source tree
# is at (git describe --always --dirty), "unknown" without git or outside a
# repository of its own (a tarball, even one unpacked inside another
# repository). Run at every build; configure_file leaves OUTPUT untouched
# when nothing changed, so nothing is rebuilt then.
set(DSLAB_VERSION "${VERSION}")
set(DSLAB_COMMIT unknown)
find_program(git_program git)
if(git_program AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${git_program}" -C "${SOURCE_DIR}" describe --always --dirty
    OUTPUT_VARIABLE described RESULT_VARIABLE status
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  # Only what git describe can print goes into a C string.
  if(status EQUAL 0 AND described MATCHES "^[A-Za-z0-9._+-]+$")
    set(DSLAB_COMMIT "${described}")
  endif()
endif()
configure_file("${INPUT}" "${OUTPUT}" @ONLY)
