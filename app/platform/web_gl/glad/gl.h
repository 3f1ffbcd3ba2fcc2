// The page's stand-in for glad's generated loader header: WebGL 2 is OpenGL ES 3.0, whose functions
// emscripten links directly, so there is nothing to load. The app uses only the part of OpenGL 3.3 core
// that ES 3.0 has (checked by the shader and browser tests).
#pragma once

#include <GLES3/gl3.h>
