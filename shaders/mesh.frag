// Colours the 3D mesh like the heatmap (same colormap, same t) with Lambert + ambient lighting and
// optional contour lines of constant pixel width; or a flat colour (floor, grid lines).
// Uniforms:
//   uMode          int        0 = surface (colormap, light, contours), 1 = flat uColor
//   uColor         vec4       the flat colour (mode 1)
//   uColormap      sampler2D  256×1 RGBA lookup table (viridis or cividis)
//   uLightDir      vec3       world direction towards the light (normalised)
//   uAmbient       float      light that reaches every face, in [0, 1]
//   uLevels        float      contour intervals over t ∈ [0, 1]
//   uContours      int        1 = draw contour lines
//   uContourColor  vec4       rgb and opacity of the lines
//   uLineWidth     float      contour width in pixels
in float vT;
in vec3 vNormal;
out vec4 fragColor;

uniform int uMode;
uniform vec4 uColor;
uniform sampler2D uColormap;
uniform vec3 uLightDir;
uniform float uAmbient;
uniform float uLevels;
uniform int uContours;
uniform vec4 uContourColor;
uniform float uLineWidth;

void main() {
    if (uMode == 1) {
        fragColor = uColor;
        return;
    }
    vec3 c;
    if (vT < -0.01) {
        c = vec3(0.4); // undefined f (NaN, ±Inf)
    } else {
        float t = clamp(vT, 0.0, 1.0);
        c = texture(uColormap, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
        if (uContours == 1 && t < 1.0) {
            float s = t * uLevels;
            float w = max(fwidth(s), 1e-6);
            float dist = abs(fract(s + 0.5) - 0.5) / w; // pixels to the nearest level
            float line = 1.0 - smoothstep(0.5 * uLineWidth - 0.5, 0.5 * uLineWidth + 0.5, dist);
            c = mix(c, uContourColor.rgb, line * uContourColor.a);
        }
    }
    // Two-sided: the normal of the side facing the camera (the mesh is counter-clockwise seen from +z).
    vec3 n = normalize(gl_FrontFacing ? vNormal : -vNormal);
    float diffuse = max(dot(n, uLightDir), 0.0);
    fragColor = vec4(c * (uAmbient + (1.0 - uAmbient) * diffuse), 1.0);
}
