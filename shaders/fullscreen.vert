// A full-screen triangle from gl_VertexID (no vertex buffers; a VAO must still be bound).
// Outputs: vUv in [0,1]², v = 0 at the bottom edge.
out vec2 vUv;
void main() {
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
    vUv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
