// Colour-maps a sampled surface and draws contour lines.
// Uniforms:
//   uValues        sampler2D  R32F, t = normalised f in [0, 1] (linear or log scale, done on the CPU);
//                             t < -0.5 marks undefined values (NaN, ±Inf), drawn as a grey checker
//   uColormap      sampler2D  256×1 RGBA lookup table (viridis or cividis)
//   uLevels        float      contour intervals over t ∈ [0, 1]
//   uContours      int        1 = draw contour lines
//   uContourColor  vec4       rgb and opacity of the lines
//   uLineWidth     float      line width in pixels
in vec2 vUv;
out vec4 fragColor;

uniform sampler2D uValues;
uniform sampler2D uColormap;
uniform float uLevels;
uniform int uContours;
uniform vec4 uContourColor;
uniform float uLineWidth;

void main() {
    float t = texture(uValues, vUv).r;
    if (t < -0.5) {
        vec2 cell = floor(gl_FragCoord.xy / 8.0);
        float g = mod(cell.x + cell.y, 2.0) < 1.0 ? 0.35 : 0.45;
        fragColor = vec4(g, g, g, 1.0);
        return;
    }
    vec3 c = texture(uColormap, vec2(clamp(t, 0.0, 1.0) * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    if (uContours == 1 && t < 1.0) {
        float s = t * uLevels;
        float w = max(fwidth(s), 1e-6);
        float dist = abs(fract(s + 0.5) - 0.5) / w; // pixels to the nearest level
        float line = 1.0 - smoothstep(0.5 * uLineWidth - 0.5, 0.5 * uLineWidth + 0.5, dist);
        c = mix(c, uContourColor.rgb, line * uContourColor.a);
    }
    fragColor = vec4(c, 1.0);
}
