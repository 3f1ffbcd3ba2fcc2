#include "app/gfx/blit.h"

#include <glad/gl.h>

namespace dh {
namespace {

void blitCallback(const ImDrawList* list, const ImDrawCmd* cmd) {
    const auto* s = static_cast<const BlitSource*>(cmd->UserCallbackData);
    ImDrawData* data = ImGui::GetDrawData();
    ImVec2 scale = data->FramebufferScale;
    float fbHeight = data->DisplaySize.y * scale.y;
    int x0 = int((s->min.x - data->DisplayPos.x) * scale.x + 0.5f);
    int x1 = int((s->max.x - data->DisplayPos.x) * scale.x + 0.5f);
    int y0 = int(fbHeight - (s->max.y - data->DisplayPos.y) * scale.y + 0.5f);
    int y1 = int(fbHeight - (s->min.y - data->DisplayPos.y) * scale.y + 0.5f);
    GLint target = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, s->framebuffer);
    glBlitFramebuffer(0, 0, s->width, s->height, x0, y0, x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(target));
    (void)list;
}

} // namespace

void drawBlit(BlitSource& source, ImVec2 min, ImVec2 max) {
    source.min = min;
    source.max = max;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddCallback(blitCallback, &source);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr); // the backend restores its scissor etc.
    ImGui::Dummy(ImVec2(max.x - min.x, max.y - min.y));
}

} // namespace dh
