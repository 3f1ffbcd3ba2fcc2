# downhill_glad(TARGET OUT_DIR): generates a GL 3.3 core loader with glad2 (Debian's python3-glad)
# into OUT_DIR at build time and builds it as the static library TARGET.
#
# The interpreter must be one that can `import glad` at version 2: `python3` first on PATH may be a
# pyenv shim without glad, and pip's glad 1 has the same module name but another command line. We
# try each python3 (PATH, then /usr/bin) and pin the first good one by its real path.
function(downhill_glad_validate result candidate)
    execute_process(COMMAND ${candidate} -c "import glad, sys; assert glad.__version__.split('.')[0] == '2'"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(NOT rc EQUAL 0)
        set(${result} FALSE PARENT_SCOPE)
    endif()
endfunction()

function(downhill_glad target out_dir)
    find_program(DOWNHILL_GLAD_PYTHON_CANDIDATE NAMES python3 PATHS /usr/bin VALIDATOR downhill_glad_validate)
    if(NOT DOWNHILL_GLAD_PYTHON_CANDIDATE)
        message(FATAL_ERROR "No python3 with glad 2 found: install Debian's python3-glad (scripts/setup.sh)")
    endif()
    if(NOT DOWNHILL_GLAD_PYTHON)
        execute_process(COMMAND ${DOWNHILL_GLAD_PYTHON_CANDIDATE} -c "import sys; print(sys.executable)"
                        OUTPUT_VARIABLE exe OUTPUT_STRIP_TRAILING_WHITESPACE)
        set(DOWNHILL_GLAD_PYTHON ${exe} CACHE FILEPATH "Python interpreter that runs glad2")
    endif()
    # --reproducible: offline, use the bundled gl.xml. Only the extensions we use.
    set(args --api gl:core=3.3 --extensions=GL_KHR_debug --out-path ${out_dir} --reproducible --quiet c)
    # Makefiles do not rerun a command when only its arguments change: depend on a file holding them.
    set(stamp ${out_dir}.args)
    file(CONFIGURE OUTPUT ${stamp} CONTENT "${DOWNHILL_GLAD_PYTHON} ${args}\n")
    add_custom_command(
        OUTPUT ${out_dir}/src/gl.c ${out_dir}/include/glad/gl.h ${out_dir}/include/KHR/khrplatform.h
        COMMAND ${DOWNHILL_GLAD_PYTHON} -m glad ${args}
        DEPENDS ${stamp}
        COMMENT "Generating the OpenGL 3.3 core loader with glad2" VERBATIM)
    add_library(${target} STATIC ${out_dir}/src/gl.c)
    target_include_directories(${target} PUBLIC ${out_dir}/include)
    target_link_libraries(${target} PUBLIC ${CMAKE_DL_LIBS})
endfunction()
