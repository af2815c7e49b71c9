# The Windows agent's third-party code (issue 16): nothing is found on the
# machine but the cross compiler. scripts/windows-deps.sh lays out
# CLICFLEET_WINDOWS_DEPS: Debian's header-only libraries (Boost, fmt, spdlog,
# toml++, CLI11), SQLite's amalgamation and zlib from Debian's source
# packages, and Debian's GoogleTest sources. Everything is compiled here and
# linked statically: clicfleet-agent.exe needs no DLL beside it. TLS is the
# system's (WinHTTP), so there is no OpenSSL.
set(CLICFLEET_WINDOWS_DEPS ${CMAKE_SOURCE_DIR}/build/windows-deps
    CACHE PATH "What scripts/windows-deps.sh laid out")
set(deps ${CLICFLEET_WINDOWS_DEPS})
if(NOT EXISTS ${deps}/sqlite/sqlite3.c OR NOT EXISTS ${deps}/zlib/zlib.h)
  message(FATAL_ERROR "no Windows dependencies in ${deps}: run scripts/windows-deps.sh")
endif()

find_package(Threads REQUIRED)

# Third-party code is compiled without the project's warnings.
add_library(clicfleet_third_party_headers INTERFACE)
target_include_directories(clicfleet_third_party_headers SYSTEM INTERFACE ${deps}/include)
target_compile_definitions(clicfleet_third_party_headers INTERFACE
  BOOST_ALL_NO_LIB _WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)

# Boost.JSON and Boost.URL, compiled once from their headers' sources.
add_library(clicfleet_boost_src STATIC ${CMAKE_SOURCE_DIR}/cmake/windows/boost_src.cpp)
target_link_libraries(clicfleet_boost_src PUBLIC clicfleet_third_party_headers)
add_library(Boost::json ALIAS clicfleet_boost_src)
add_library(Boost::url ALIAS clicfleet_boost_src)
add_library(Boost::headers ALIAS clicfleet_third_party_headers)

add_library(clicfleet_sqlite STATIC ${deps}/sqlite/sqlite3.c)
target_include_directories(clicfleet_sqlite SYSTEM PUBLIC ${deps}/sqlite)
target_compile_definitions(clicfleet_sqlite PRIVATE SQLITE_THREADSAFE=1 SQLITE_DQS=0
  SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 SQLITE_OMIT_LOAD_EXTENSION)
set_target_properties(clicfleet_sqlite PROPERTIES LINKER_LANGUAGE C)
enable_language(C)
add_library(SQLite::SQLite3 ALIAS clicfleet_sqlite)

file(GLOB zlib_sources ${deps}/zlib/*.c)
add_library(clicfleet_zlib STATIC ${zlib_sources})
target_include_directories(clicfleet_zlib SYSTEM PUBLIC ${deps}/zlib)
add_library(ZLIB::ZLIB ALIAS clicfleet_zlib)

add_library(clicfleet_logging INTERFACE)
target_compile_definitions(clicfleet_logging INTERFACE
  SPDLOG_HEADER_ONLY SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
target_link_libraries(clicfleet_logging INTERFACE clicfleet_third_party_headers)
add_library(clicfleet_toml INTERFACE)
target_compile_definitions(clicfleet_toml INTERFACE TOML_HEADER_ONLY=1)
target_link_libraries(clicfleet_toml INTERFACE clicfleet_third_party_headers)
add_library(CLI11::CLI11 ALIAS clicfleet_third_party_headers)

if(CLICFLEET_BUILD_TESTS)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(gtest_disable_pthreads OFF CACHE BOOL "" FORCE)
  # Its CMake project names them GTest::gtest, GTest::gtest_main, GTest::gmock.
  add_subdirectory(${deps}/googletest ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
endif()
