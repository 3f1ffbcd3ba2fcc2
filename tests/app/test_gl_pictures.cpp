// The redraw rule in a real GL context (the test process runs under its own X server): a picture
// updated in place, in the same texture, shows in the next frame that goes through the frame cache,
// because every upload bumps the GPU owner's picture version (app/gfx/gl_resources.h). A change made
// behind the rule's back is not seen: that is what the rule is for.
#include "app/gfx/blit.h"
#include "app/gfx/frame_cache.h"
#include "app/gfx/gpu.h"

#include <glad/gl.h>
#include <gtest/gtest.h>
#include <imgui.h>

namespace dh {
namespace {

constexpr int kW = 320, kH = 200;
// ImU32-packed RGBA (A in the high byte, then B, G, R).
constexpr uint32_t kRed = 0xff0000ffu, kGreen = 0xff00ff00u, kBlue = 0xffff0000u;

struct Rgb {
    int r, g, b;
};

class PictureFrames : public ::testing::Test {
protected:
    PictureFrames() : m_gpu(options()), m_picture(m_gpu.pictures) {}

    static WindowOptions options() {
        WindowOptions o;
        o.width = kW;
        o.height = kH;
        o.visible = false;
        return o;
    }

    void fill(uint32_t color) { m_picture.upload(std::vector<uint32_t>(16 * 16, color), 16, 16, false); }

    // One frame through the frame cache showing the picture with drawBlit at the left and with
    // ImGui::Image at the right; returns the colours at the centres of both.
    std::pair<Rgb, Rgb> frame() {
        Window& w = m_gpu.window;
        w.beginFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(kW, kH));
        ImGui::Begin("pictures", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        drawBlit(m_picture.blit(), ImVec2(20, 20), ImVec2(120, 120));
        ImGui::SetCursorScreenPos(ImVec2(180, 20));
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_picture.texture())), ImVec2(100, 100));
        ImGui::End();
        w.renderImGui(m_gpu.pictures.value());
        int width = 0, height = 0;
        std::vector<unsigned char> rgb = w.readPixels(width, height);
        w.swap();
        auto at = [&](int x, int y) {
            const unsigned char* p = &rgb[(size_t(y) * size_t(width) + size_t(x)) * 3];
            return Rgb{p[0], p[1], p[2]};
        };
        return {at(70, 70), at(230, 70)};
    }

    Gpu m_gpu;
    Picture m_picture;
};

bool near(Rgb c, uint32_t packed) {
    const int r = int(packed & 0xff), g = int(packed >> 8 & 0xff), b = int(packed >> 16 & 0xff);
    return std::abs(c.r - r) < 8 && std::abs(c.g - g) < 8 && std::abs(c.b - b) < 8;
}

TEST_F(PictureFrames, ATextureUpdatedInPlaceShowsInTheNextFrame) {
    fill(kRed);
    auto [blit, image] = frame();
    EXPECT_TRUE(near(blit, kRed) && near(image, kRed)) << blit.r << "," << blit.g << "," << blit.b;
    frame(); // nothing changed: the cached frame is copied
    const FrameCache& cache = m_gpu.window.frameCache();
    EXPECT_EQ(cache.rasterised(), 1);
    EXPECT_EQ(cache.reused(), 1);

    const unsigned int texture = m_picture.texture();
    const uint64_t version = m_gpu.pictures.value();
    fill(kGreen); // the same size: the same texture, new pixels
    EXPECT_EQ(m_picture.texture(), texture) << "the update must be in place for this test to mean anything";
    EXPECT_GT(m_gpu.pictures.value(), version);
    std::tie(blit, image) = frame();
    EXPECT_TRUE(near(blit, kGreen)) << blit.r << "," << blit.g << "," << blit.b;
    EXPECT_TRUE(near(image, kGreen)) << image.r << "," << image.g << "," << image.b;
    EXPECT_EQ(cache.rasterised(), 2);
}

// The control: pixels changed without the picture version (raw GL) stay unseen while the draw data is
// the same, because the cached frame is copied.
TEST_F(PictureFrames, AChangeBehindTheRedrawRuleIsNotSeen) {
    fill(kRed);
    frame();
    std::vector<uint32_t> blue(16 * 16, kBlue);
    glBindTexture(GL_TEXTURE_2D, m_picture.texture());
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, 16, 16, GL_RGBA, GL_UNSIGNED_BYTE, blue.data());
    auto [blit, image] = frame();
    EXPECT_TRUE(near(blit, kRed) && near(image, kRed)) << "the frame cache re-rasterised without a reason";
    m_gpu.pictures.bump(); // what Picture::upload does
    std::tie(blit, image) = frame();
    EXPECT_TRUE(near(blit, kBlue) && near(image, kBlue));
}

} // namespace
} // namespace dh
