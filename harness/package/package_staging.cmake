# CPACK_PRE_BUILD_SCRIPTS: run by cpack -G DEB in the staging tree, after
# cmake --install and before the .deb is made. What Debian's policy asks of
# a binary package and a plain cmake --install does not do:
# /usr/share/doc/dslab/copyright and changelog.gz (a native package's), the
# man page compressed (gzip -9n: no name or time stamp, reproducible), the
# ELF programs stripped as dh_strip strips them (the Go program included,
# which no install(TARGETS) covers), and the lintian overrides, each with
# its reason (lintian-overrides).
set(root "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
if(NOT EXISTS "${root}/bin/dslab")
  message(FATAL_ERROR "package_staging.cmake: no ${root}/bin/dslab in the staging tree")
endif()
set(doc "${root}/share/doc/dslab")
file(MAKE_DIRECTORY "${doc}")
file(COPY "${CPACK_DSLAB_PACKAGE_DIR}/copyright" DESTINATION "${doc}"
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# gzip -9n SOURCE > TARGET (mode 0644); SOURCE stays.
function(gzip_to source target)
  execute_process(COMMAND gzip -9n -c "${source}" OUTPUT_FILE "${target}" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "package_staging.cmake: gzip ${source} failed")
  endif()
  file(CHMOD "${target}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endfunction()
gzip_to("${CPACK_DSLAB_PACKAGE_DIR}/changelog" "${doc}/changelog.gz")
gzip_to("${root}/share/man/man1/dslab.1" "${root}/share/man/man1/dslab.1.gz")
file(REMOVE "${root}/share/man/man1/dslab.1")

set(overrides "${root}/share/lintian/overrides")
file(MAKE_DIRECTORY "${overrides}")
file(COPY_FILE "${CPACK_DSLAB_PACKAGE_DIR}/lintian-overrides" "${overrides}/dslab")
file(CHMOD "${overrides}/dslab" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# Every ELF file of bin/ and libexec/dslab/ (ELF: the 4 bytes 7f 45 4c 46).
file(GLOB_RECURSE programs "${root}/bin/*" "${root}/libexec/dslab/*")
foreach(program IN LISTS programs)
  file(READ "${program}" magic LIMIT 4 HEX)
  if(magic STREQUAL "7f454c46")
    execute_process(COMMAND "${CPACK_DSLAB_STRIP}" --remove-section=.comment --remove-section=.note
      "${program}" RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "package_staging.cmake: strip ${program} failed")
    endif()
  endif()
endforeach()
