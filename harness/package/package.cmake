# The Debian package, built from the build tree by CPack:
#   cd build && cpack -G DEB      -> build/dslab_VERSION_ARCH.deb
# It holds what cmake --install installs (CMakeLists.txt), under /usr, plus
# what Debian's policy asks of a package (package_staging.cmake: the
# copyright, the changelog and the man page compressed). README
# "Installing" says how to put it on many machines.
#
# Depends is computed, never typed: dpkg-shlibdeps reads the ELF files
# (dslab and every lesson program: libc6, libcap2, libmnl0). Recommends is
# what only some lessons need: the programs the runtime lessons run, from
# their `dslab-package:` lines, with the package each needs at run time
# where the build needed another (below).
#
# Not recommended, on purpose: qemu and the matrix's tools, since dslab
# kernels runs from a build tree only (it packs the build into each VM);
# runsc, which no lesson or command uses yet.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dslab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR dualstack-lab)
set(CPACK_PACKAGE_CONTACT "Seed 73f27f2d maintainers <maintainers@users.noreply.r-seed-73f27f2d.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "dual-stack socket lessons, checked in network namespaces")
set(CPACK_PACKAGE_DESCRIPTION "dslab runs small C programs that show how Linux sockets behave on a
dual-stack host: why netstat lists an IPv4 connection as tcp6, what
IPV6_V6ONLY and net.ipv6.bindv6only change, why 0.0.0.0:80 and [::]:80
collide, and what Python, Go, Java, Node.js, nginx, HAProxy and socat do.
Each lesson runs in a network namespace of its own under every variant
(as root, or as any user through user namespaces), and its transcript
and socket table are compared with a reviewed golden file.
dslab explain tells each lesson's story; dslab doctor explains this
machine's socket table.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# package_staging.cmake strips every program, as dh_strip does.
set(CPACK_DSLAB_STRIP ${CMAKE_STRIP})

# What a lesson's program needs at run time, where that is not the package
# its `dslab-package:` line names (what run_all.sh installs to build it):
# java_servers is compiled with javac (default-jdk-headless) and run by a
# JRE; go_servers is built by go into a static program beside the lesson,
# so it needs nothing.
set(run_time_default-jdk-headless default-jre-headless)
set(run_time_golang-go "")
set(recommends "")
list(REMOVE_DUPLICATES DSLAB_LESSON_PACKAGES)
foreach(package IN LISTS DSLAB_LESSON_PACKAGES)
  if(DEFINED run_time_${package})
    set(package "${run_time_${package}}")
  endif()
  if(package)
    list(APPEND recommends ${package})
  endif()
endforeach()
list(SORT recommends)
list(JOIN recommends ", " CPACK_DEBIAN_PACKAGE_RECOMMENDS)

# Run in the staging tree before the .deb is made.
set(CPACK_DSLAB_PACKAGE_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/package_staging.cmake)

# cpack --config CPackSourceConfig.cmake is not used; keep it from packing
# build trees and the repository should anyone run it.
set(CPACK_SOURCE_IGNORE_FILES "/build/" "/\\\\.git")
include(CPack)
