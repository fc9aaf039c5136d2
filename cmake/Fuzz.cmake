# cmake/Fuzz.cmake - libFuzzer targets (fuzz/, docs/reliability.md "Fuzzing").
#
# -DAK_FUZZ=ON with CMAKE_C_COMPILER=clang builds one executable per fuzz/fuzz_*.c against
# akfuzzcore, an instrumented copy of the project library (-fsanitize=fuzzer-no-link,address,
# undefined). scripts/fuzz-check.sh does that in build-fuzz/ and runs each target briefly;
# every build (gcc included) registers that script as the ctest test `fuzz.short` when clang
# and libFuzzer are installed.
option(AK_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

find_program(AK_CLANG NAMES clang clang-14)
if(AK_CLANG AND NOT AK_FUZZ)
  add_test(NAME fuzz.short COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/fuzz-check.sh)
  set_tests_properties(fuzz.short PROPERTIES TIMEOUT 400 COST 200
                       ENVIRONMENT "FUZZ_BUILD=${CMAKE_BINARY_DIR}/build-fuzz")
endif()

if(AK_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "AK_FUZZ=ON needs clang: cmake -DCMAKE_C_COMPILER=clang -DAK_FUZZ=ON")
  endif()
  set(AK_FUZZ_SAN -fsanitize=address,undefined -fno-sanitize-recover=undefined
                  -fno-omit-frame-pointer)
  # The daemon's entry points and what only they use (the HTTPS server is libmicrohttpd's
  # parser plus accessors: fuzz/fz_env.c stands in for it), and the CLI.
  set(AK_FUZZ_SOURCES ${AK_SOURCES})
  list(FILTER AK_FUZZ_SOURCES EXCLUDE REGEX "/src/(cli/|daemon\\.c|api/ak_http\\.c|api/ak_tls\\.c)")
  add_library(akfuzzcore STATIC ${AK_FUZZ_SOURCES} ${CMAKE_BINARY_DIR}/gen/vm_sizes.c
              ${CMAKE_BINARY_DIR}/gen/addons.c ${CMAKE_BINARY_DIR}/gen/ui_files.c)
  target_include_directories(akfuzzcore PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_compile_options(akfuzzcore PRIVATE -fsanitize=fuzzer-no-link ${AK_FUZZ_SAN})
  target_link_libraries(akfuzzcore PUBLIC PkgConfig::MHD PkgConfig::JANSSON PkgConfig::SQLITE
                        PkgConfig::CURL PkgConfig::GNUTLS PkgConfig::FYAML PkgConfig::ZSTD
                        Threads::Threads m)
  add_library(akfuzzenv STATIC ${CMAKE_SOURCE_DIR}/fuzz/fz_env.c)
  target_compile_options(akfuzzenv PRIVATE -fsanitize=fuzzer-no-link ${AK_FUZZ_SAN})
  target_link_libraries(akfuzzenv PUBLIC akfuzzcore)

  file(GLOB AK_FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/fuzz_*.c)
  add_custom_target(fuzz_all)
  foreach(src ${AK_FUZZ_TARGETS})
    get_filename_component(t ${src} NAME_WE)
    add_executable(${t} ${src})
    target_compile_options(${t} PRIVATE -fsanitize=fuzzer ${AK_FUZZ_SAN})
    target_link_options(${t} PRIVATE -fsanitize=fuzzer ${AK_FUZZ_SAN})
    target_link_libraries(${t} PRIVATE akfuzzenv)
    set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    add_dependencies(fuzz_all ${t})
  endforeach()
endif()
