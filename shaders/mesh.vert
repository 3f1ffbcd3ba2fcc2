// The 3D view's surface mesh and floor: world positions through the orbit camera.
// Uniforms:
//   uViewProj  mat4  world → clip (the same matrix the CPU uses to project trajectories)
// Attributes: aPos (world, z up), aT (normalised height t in [0, 1]; < -0.5 = undefined f),
//   aNormal (world, unnormalised is fine).
layout(location = 0) in vec3 aPos;
layout(location = 1) in float aT;
layout(location = 2) in vec3 aNormal;

uniform mat4 uViewProj;

out float vT;
out vec3 vNormal;

void main() {
    vT = aT;
    vNormal = aNormal;
    gl_Position = uViewProj * vec4(aPos, 1.0);
}
