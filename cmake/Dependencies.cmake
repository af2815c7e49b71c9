# Every third-party library comes from Debian 12 packages (SPEC §2);
# scripts/install-deps.sh installs them.
#
# CLICFLEET_STATIC_AGENT builds the agent alone, for its package: linked
# statically against everything but the C library (Boost, OpenSSL, SQLite,
# zlib from Debian's .a files; spdlog, fmt and toml++ compiled in from their
# headers; libstdc++ and libgcc too), so a laptop needs nothing else.
if(CLICFLEET_STATIC_AGENT)
  set(Boost_USE_STATIC_LIBS ON)
  set(OPENSSL_USE_STATIC_LIBS ON)
  set(ZLIB_USE_STATIC_LIBS ON)
endif()

find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus REQUIRED)
if(NOT CLICFLEET_STATIC_AGENT)
  # libpq, for the server's PostgreSQL store (deployments beyond one machine).
  find_package(PostgreSQL REQUIRED)
endif()
if(CLICFLEET_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# What clicfleet links for logging (spdlog over fmt) and for TOML files.
add_library(clicfleet_logging INTERFACE)
add_library(clicfleet_toml INTERFACE)
if(CLICFLEET_STATIC_AGENT)
  find_library(CLICFLEET_SQLITE_ARCHIVE NAMES libsqlite3.a REQUIRED)
  set_target_properties(SQLite::SQLite3 PROPERTIES
    IMPORTED_LOCATION ${CLICFLEET_SQLITE_ARCHIVE}
    INTERFACE_LINK_LIBRARIES "m;${CMAKE_DL_LIBS};Threads::Threads")
  # Debian's spdlog_header_only target still links the shared libfmt: these
  # say header-only for both.
  target_compile_definitions(clicfleet_logging INTERFACE
    SPDLOG_HEADER_ONLY SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
  target_compile_definitions(clicfleet_toml INTERFACE TOML_HEADER_ONLY=1)
else()
  target_link_libraries(clicfleet_logging INTERFACE spdlog::spdlog fmt::fmt)
  target_link_libraries(clicfleet_toml INTERFACE tomlplusplus::tomlplusplus)
endif()
