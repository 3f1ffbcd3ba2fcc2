# downhill_web_page(TARGET): links TARGET as the page into ${CMAKE_BINARY_DIR}/page, the folder to copy
# to a web server: index.html, downhill.js, downhill.wasm, downhill.data (the fonts) and, when Debian's
# dataset-fashion-mnist is installed, data/fashion-mnist/ (loaded on demand).
#
# Notes on emscripten 3.1.6 (Debian):
#   - Linking straight to an .html output runs an HTML minifier that crashes in this version, so the
#     target links to downhill.js and the page is web/index.html, copied beside it.
#   - Its JavaScript optimizer runs under node and needs Debian's acorn from /usr/share/nodejs: the link
#     runs with NODE_PATH pointing there (the node on PATH may not be Debian's).
#   - No threads (the page must work from plain static files, without cross-origin isolation headers).
set(DOWNHILL_WEB_FONTS /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
                       /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf)
option(DOWNHILL_WEB_FASHION_MNIST "Copy Debian's Fashion-MNIST (30 MB, loaded on demand) beside the page" ON)

function(downhill_web_page target)
    set(page ${CMAKE_BINARY_DIR}/page)
    set(js_library ${CMAKE_SOURCE_DIR}/app/platform/platform_web.js)
    set_target_properties(${target} PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${page}
                                               LINK_DEPENDS "${js_library};${DOWNHILL_WEB_FONTS}")
    set(preload "")
    foreach(font ${DOWNHILL_WEB_FONTS}) # the same path as on the desktop, so app/window.cpp finds them
        if(NOT EXISTS ${font})
            message(FATAL_ERROR "${font} is missing: apt-get install fonts-dejavu-core")
        endif()
        list(APPEND preload "SHELL:--preload-file ${font}@${font}")
    endforeach()
    target_link_options(${target} PRIVATE
        -sENVIRONMENT=web
        -sALLOW_MEMORY_GROWTH=1
        -sMAXIMUM_MEMORY=2GB
        -sEXPORTED_RUNTIME_METHODS=FS,addRunDependency,removeRunDependency
        -lidbfs.js
        "SHELL:--js-library ${js_library}"
        ${preload})
    set_property(TARGET ${target} PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")

    configure_file(${CMAKE_SOURCE_DIR}/web/index.html ${page}/index.html COPYONLY)
    set(mnist /usr/share/datasets/fashion-mnist)
    if(DOWNHILL_WEB_FASHION_MNIST AND EXISTS ${mnist})
        file(GLOB files ${mnist}/*-ubyte.gz)
        add_custom_command(TARGET ${target} POST_BUILD
            COMMAND ${CMAKE_COMMAND} -E make_directory ${page}/data/fashion-mnist
            COMMAND ${CMAKE_COMMAND} -E copy_if_different ${files} ${page}/data/fashion-mnist/
            VERBATIM)
    endif()
endfunction()
