#include "app/gfx/frame_cache.h"

#include <backends/imgui_impl_opengl3.h>
#include <cstring>
#include <glad/gl.h>

namespace dh {
namespace {

// Word-at-a-time multiply–xorshift mixing: ~10× faster than byte-wise FNV over the ~1 MB of a busy
// frame's vertices, and plenty to tell two frames apart.
struct Hasher {
    uint64_t h = 0x9e3779b97f4a7c15ull;
    void word(uint64_t w) {
        h ^= w + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
    }
    void bytes(const void* data, size_t n) {
        const unsigned char* p = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            word(w);
        }
        uint64_t tail = 0;
        std::memcpy(&tail, p + i, n - i);
        word(tail ^ (uint64_t(n) << 56));
    }
};

} // namespace

uint64_t hashDrawData(const ImDrawData* data) {
    Hasher h;
    h.bytes(&data->DisplaySize, sizeof data->DisplaySize);
    h.bytes(&data->FramebufferScale, sizeof data->FramebufferScale);
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        h.bytes(list->VtxBuffer.Data, size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        h.bytes(list->IdxBuffer.Data, size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            h.bytes(&cmd.ClipRect, sizeof cmd.ClipRect);
            h.word(uint64_t(reinterpret_cast<uintptr_t>(cmd.TextureId)));
            h.word((uint64_t(cmd.VtxOffset) << 32) ^ cmd.IdxOffset);
            h.word(cmd.ElemCount);
            h.word(uint64_t(reinterpret_cast<uintptr_t>(cmd.UserCallback)));
            h.word(uint64_t(reinterpret_cast<uintptr_t>(cmd.UserCallbackData)));
        }
    }
    return h.h;
}

bool FrameCache::present(ImDrawData* data, int width, int height, uint64_t pictureVersion, const ImVec4& clear,
                         bool windowKeepsFrame) {
    uint64_t hash = hashDrawData(data) ^ (pictureVersion * 0x2545f4914f6cdd1dull);
    if (windowKeepsFrame) { // the window is the cache: draw into it only what changed, no copy
        bool rasterise = !m_valid || hash != m_hash || width != m_width || height != m_height;
        if (rasterise) {
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            glViewport(0, 0, width, height);
            glDisable(GL_SCISSOR_TEST);
            glClearColor(clear.x, clear.y, clear.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(data);
            m_hash = hash, m_valid = true, m_width = width, m_height = height;
        }
        ++(rasterise ? m_rasterised : m_reused);
        return rasterise;
    }
    if (m_target.resize(width, height)) m_valid = false;
    bool rasterise = !m_valid || hash != m_hash;
    if (rasterise) {
        glBindFramebuffer(GL_FRAMEBUFFER, m_target.framebuffer());
        glViewport(0, 0, width, height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(clear.x, clear.y, clear.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(data);
        m_hash = hash;
        m_valid = true;
        ++m_rasterised;
    } else {
        ++m_reused;
    }
    glDisable(GL_SCISSOR_TEST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_target.framebuffer());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return rasterise;
}

} // namespace dh
