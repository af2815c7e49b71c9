# One INTERFACE target carries every warning, hardening and sanitizer flag;
# every clicfleet target links it, nothing sets flags on its own.
add_library(clicfleet_flags INTERFACE)
target_include_directories(clicfleet_flags INTERFACE ${CMAKE_SOURCE_DIR})
target_compile_options(clicfleet_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wformat=2
  -fstack-protector-strong -D_GLIBCXX_ASSERTIONS)
if(WIN32)
  # The Windows agent (issue 16): one static .exe, with ASLR and DEP; the
  # stack protector's runtime (libssp) linked in.
  target_link_options(clicfleet_flags INTERFACE -static
    -Wl,--dynamicbase,--nxcompat,--high-entropy-va)
  target_link_libraries(clicfleet_flags INTERFACE ssp)
else()
  target_compile_options(clicfleet_flags INTERFACE -fstack-clash-protection -fcf-protection
    $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
  target_link_options(clicfleet_flags INTERFACE -Wl,-z,relro,-z,now -Wl,-z,noexecstack)
endif()

if(CLICFLEET_WERROR)
  target_compile_options(clicfleet_flags INTERFACE -Werror)
endif()

if(CLICFLEET_SANITIZE)
  target_compile_options(clicfleet_flags INTERFACE
    -fsanitize=${CLICFLEET_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(clicfleet_flags INTERFACE -fsanitize=${CLICFLEET_SANITIZE})
endif()

# The agent's package (CLICFLEET_STATIC_AGENT, cmake/Dependencies.cmake): the
# C++ runtime linked in, and the code nothing calls left out.
if(CLICFLEET_STATIC_AGENT)
  target_compile_options(clicfleet_flags INTERFACE -ffunction-sections -fdata-sections)
  target_link_options(clicfleet_flags INTERFACE -static-libstdc++ -static-libgcc -Wl,--gc-sections)
endif()
