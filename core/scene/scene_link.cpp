#include "core/scene/scene_link.h"

#include "core/common/error.h"
#include "core/scene/scene_json.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <zlib.h>

namespace dh {
namespace {

using nlohmann::json;

constexpr const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The keys of `value` whose values differ from `base`, recursively through objects (arrays whole). An
// optimizer goes whole: the hyperparameters it leaves out take torch's defaults for its kind, not the
// default scene's values (core/scene/optimizer_json.h).
json differingKeys(const json& value, const json& base) {
    if (!value.is_object() || !base.is_object()) return value;
    if (value.contains("optimizer") && value["optimizer"].is_string()) return value;
    json out = json::object();
    for (const auto& [key, v] : value.items()) {
        auto it = base.find(key);
        if (it == base.end())
            out[key] = v;
        else if (*it != v)
            out[key] = differingKeys(v, *it);
    }
    return out;
}

// The number a preset's file name starts with ("05_momentum.json" → 5), or -1.
int presetNumber(const std::string& file) {
    size_t digits = 0;
    while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
    return digits == 0 || digits > 4 ? -1 : std::atoi(file.substr(0, digits).c_str());
}

std::string presetRange(const std::vector<Preset>& presets) {
    int lo = 1 << 30, hi = -1;
    for (const Preset& p : presets) {
        int n = presetNumber(p.file);
        if (n < 0) continue;
        lo = std::min(lo, n);
        hi = std::max(hi, n);
    }
    return hi < 0 ? "there are no numbered presets"
                  : "there are presets " + std::to_string(lo) + "–" + std::to_string(hi);
}

LinkedScene presetFromLink(const std::string& value, const std::vector<Preset>& presets) {
    char* end = nullptr;
    long n = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || n < 0)
        throw InputError("the link's preset must be a number, e.g. #preset=5; got \"" + value + "\"");
    for (size_t i = 0; i < presets.size(); ++i)
        if (presetNumber(presets[i].file) == n) return {true, int(i), presets[i].scene};
    throw InputError("the link asks for preset " + value + "; " + presetRange(presets));
}

} // namespace

std::string base64UrlEncode(const std::string& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    unsigned bits = 0;
    int count = 0;
    for (unsigned char c : bytes) {
        bits = (bits << 8) | c;
        count += 8;
        while (count >= 6) {
            count -= 6;
            out += kAlphabet[(bits >> count) & 63];
        }
    }
    if (count > 0) out += kAlphabet[(bits << (6 - count)) & 63];
    return out;
}

std::string base64UrlDecode(const std::string& text) {
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char* at = std::strchr(kAlphabet, text[i]);
        if (!at || text[i] == '\0')
            throw InputError("the link's scene is not base64url: character " + std::to_string(i + 1) + " ('" +
                             std::string(1, text[i]) + "')");
        bits = (bits << 6) | unsigned(at - kAlphabet);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += char((bits >> count) & 0xff);
        }
    }
    return out;
}

std::string rawDeflate(const std::string& bytes) {
    z_stream z{};
    // windowBits −15: a raw deflate stream, no zlib header or checksum (6 bytes fewer in every link).
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::bad_alloc();
    std::string out(deflateBound(&z, uLong(bytes.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = uInt(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::bad_alloc(); // deflateBound guarantees the room
    return out;
}

std::string rawInflate(const std::string& bytes, size_t maxBytes) {
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) throw std::bad_alloc();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = uInt(bytes.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > maxBytes) rc = Z_MEM_ERROR;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break; // the input ended early
    }
    inflateEnd(&z);
    if (out.size() > maxBytes)
        throw InputError("the link's scene is larger than " + std::to_string(maxBytes >> 20) + " MB unpacked");
    if (rc != Z_STREAM_END) throw InputError("the link's scene is cut short or corrupt (it does not inflate)");
    return out;
}

std::string percentDecode(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += char(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string sceneLinkFragment(const Scene& scene, const std::vector<Preset>& presets) {
    const json value = sceneToJson(scene);
    for (const Preset& p : presets) {
        int n = presetNumber(p.file);
        if (n >= 0 && sceneToJson(p.scene) == value) return "preset=" + std::to_string(n);
    }
    json minimal = differingKeys(value, sceneToJson(Scene{}));
    minimal["version"] = value.at("version");
    return "scene=" + base64UrlEncode(rawDeflate(minimal.dump()));
}

LinkedScene sceneFromLinkFragment(const std::string& fragment, const std::vector<Preset>& presets,
                                  std::vector<std::string>* warnings) {
    const size_t eq = fragment.find('=');
    const std::string key = fragment.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : fragment.substr(eq + 1);
    if (key == "preset") return presetFromLink(value, presets);
    if (key != "scene") return {};
    const bool plain = !value.empty() && (value[0] == '{' || value.rfind("%7B", 0) == 0 || value.rfind("%7b", 0) == 0);
    const std::string text = plain ? percentDecode(value) : rawInflate(base64UrlDecode(value), kMaxSceneFileBytes);
    try {
        return {true, -1, sceneFromText(text, warnings)};
    } catch (const InputError& e) {
        throw InputError(std::string("the link's scene: ") + e.what());
    }
}

} // namespace dh
