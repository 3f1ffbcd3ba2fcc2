# downhill_embed(OUT_VAR NAME DIR GLOBS [HEADER]): compiles every file of DIR matching GLOBS into a
# generated .cpp that defines `const dh::EmbeddedFile NAME[]` (see core/common/embedded.h), so the binary
# finds its shaders and preset scenes wherever it runs from. With HEADER (a file), its text goes before
# each file's (the GLSL version line of the target). Regenerated when any of these files changes.
set(DOWNHILL_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)
function(downhill_embed out_var name dir globs)
    set(header "${ARGV4}")
    set(patterns "")
    foreach(g ${globs})
        list(APPEND patterns "${dir}/${g}")
    endforeach()
    file(GLOB files CONFIGURE_DEPENDS ${patterns})
    list(SORT files)
    set(out ${CMAKE_BINARY_DIR}/embedded/${name}.cpp)
    add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${name} "-DFILES=${files}" "-DHEADER=${header}"
                -P ${DOWNHILL_EMBED_SCRIPT}
        DEPENDS ${files} ${header} ${DOWNHILL_EMBED_SCRIPT}
        COMMENT "Embedding ${name}" VERBATIM)
    set(${out_var} ${out} PARENT_SCOPE)
endfunction()
