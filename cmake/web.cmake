# The page's dependencies, for a build configured with `emcmake cmake -DDOWNHILL_WEB=ON` (Debian's
# emscripten 3.1.6). Nothing is downloaded here: emscripten's ports fetch code from the internet and are
# not used. Instead:
#   - Dear ImGui 1.86, zlib and giflib are built from Debian's source packages, which scripts/web.sh
#     fetches with `apt-get source --download-only` and unpacks into DOWNHILL_WEB_DEPS (the build tree);
#   - Eigen, nlohmann-json and stb are Debian's header-only packages, reached through links in the build
#     tree (adding /usr/include itself would put the host's C library headers before emscripten's);
#   - GLFW is emscripten's own JavaScript library (-sUSE_GLFW=3), WebGL 2 stands in for OpenGL 3.3.
# It defines the targets the desktop build gets from find_package, under the same names:
# Eigen3::Eigen, nlohmann_json::nlohmann_json, ZLIB::ZLIB, GIF::GIF, downhill_imgui.

set(DOWNHILL_WEB_DEPS "${CMAKE_BINARY_DIR}/deps" CACHE PATH "Unpacked Debian sources of imgui, zlib and giflib")

function(downhill_web_source_dir out_var package)
    file(GLOB found LIST_DIRECTORIES true "${DOWNHILL_WEB_DEPS}/${package}-*")
    list(FILTER found EXCLUDE REGEX "\\.(dsc|tar\\..*)$")
    if(NOT found)
        message(FATAL_ERROR "No Debian source of '${package}' in ${DOWNHILL_WEB_DEPS}. scripts/web.sh --build-only "
                            "fetches it (apt-get source --download-only ${package}, with a deb-src entry).")
    endif()
    list(GET found 0 dir)
    set(${out_var} ${dir} PARENT_SCOPE)
endfunction()

# ---- header-only Debian packages, linked into one include directory ----
set(host_include ${CMAKE_BINARY_DIR}/host-include)
file(MAKE_DIRECTORY ${host_include})
foreach(link "Eigen=/usr/include/eigen3/Eigen" "nlohmann=/usr/include/nlohmann"
             "stb_image_write.h=/usr/include/stb/stb_image_write.h")
    string(REPLACE "=" ";" pair ${link})
    list(GET pair 0 name)
    list(GET pair 1 target)
    if(NOT EXISTS ${target})
        message(FATAL_ERROR "${target} is missing: apt-get install libeigen3-dev nlohmann-json3-dev libstb-dev")
    endif()
    file(CREATE_LINK ${target} ${host_include}/${name} SYMBOLIC)
endforeach()
add_library(Eigen3::Eigen INTERFACE IMPORTED)
target_include_directories(Eigen3::Eigen SYSTEM INTERFACE ${host_include})
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${host_include})

# ---- zlib (gzip'd IDX files, scene links) and giflib (GIF export) from Debian's sources ----
downhill_web_source_dir(zlib_dir zlib)
add_library(downhill_web_zlib STATIC
    ${zlib_dir}/adler32.c ${zlib_dir}/compress.c ${zlib_dir}/crc32.c ${zlib_dir}/deflate.c ${zlib_dir}/gzclose.c
    ${zlib_dir}/gzlib.c ${zlib_dir}/gzread.c ${zlib_dir}/gzwrite.c ${zlib_dir}/infback.c ${zlib_dir}/inffast.c
    ${zlib_dir}/inflate.c ${zlib_dir}/inftrees.c ${zlib_dir}/trees.c ${zlib_dir}/uncompr.c ${zlib_dir}/zutil.c)
target_include_directories(downhill_web_zlib SYSTEM PUBLIC ${zlib_dir})
target_compile_definitions(downhill_web_zlib PRIVATE HAVE_UNISTD_H HAVE_STDARG_H)
target_compile_options(downhill_web_zlib PRIVATE -O2 -w)
add_library(ZLIB::ZLIB ALIAS downhill_web_zlib)

downhill_web_source_dir(giflib_dir giflib)
add_library(downhill_web_gif STATIC
    ${giflib_dir}/egif_lib.c ${giflib_dir}/dgif_lib.c ${giflib_dir}/gifalloc.c ${giflib_dir}/gif_err.c
    ${giflib_dir}/gif_hash.c ${giflib_dir}/quantize.c ${giflib_dir}/openbsd-reallocarray.c)
target_include_directories(downhill_web_gif SYSTEM PUBLIC ${giflib_dir})
target_compile_options(downhill_web_gif PRIVATE -O2 -w)
add_library(GIF::GIF ALIAS downhill_web_gif)

# ---- Dear ImGui 1.86 with its GLFW and OpenGL 3 (here: WebGL 2 = OpenGL ES 3) backends ----
downhill_web_source_dir(imgui_dir imgui)
add_library(downhill_imgui STATIC
    ${imgui_dir}/imgui.cpp ${imgui_dir}/imgui_draw.cpp ${imgui_dir}/imgui_tables.cpp ${imgui_dir}/imgui_widgets.cpp
    ${imgui_dir}/misc/cpp/imgui_stdlib.cpp ${imgui_dir}/backends/imgui_impl_glfw.cpp
    ${imgui_dir}/backends/imgui_impl_opengl3.cpp)
# <imgui.h>, <backends/imgui_impl_glfw.h> and <imgui_stdlib.h>, as with Debian's libimgui-dev.
target_include_directories(downhill_imgui SYSTEM PUBLIC ${imgui_dir} ${imgui_dir}/misc/cpp)
# 32-bit draw indices: a draw list of a rich scene (preset 08's round-joined paths) passes 65,535
# vertices; with 16-bit indices ImGui needs the draw call's base vertex, which WebGL 2 does not have,
# and the backend would draw stray triangles. PUBLIC, so that every translation unit agrees on ImDrawIdx.
target_compile_definitions(downhill_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 "ImDrawIdx=unsigned int")
target_compile_options(downhill_imgui PRIVATE -O2 -w)
target_link_options(downhill_imgui PUBLIC -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)

# stb_image_write: Debian's libstb.so defines it on the desktop; the page compiles it once.
set(stb_impl ${CMAKE_BINARY_DIR}/stb_image_write_impl.c)
file(CONFIGURE OUTPUT ${stb_impl} CONTENT "#define STB_IMAGE_WRITE_IMPLEMENTATION\n#include <stb_image_write.h>\n")
add_library(downhill_web_stb STATIC ${stb_impl})
target_include_directories(downhill_web_stb SYSTEM PUBLIC ${host_include})
target_compile_options(downhill_web_stb PRIVATE -O2 -w)
