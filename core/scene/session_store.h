// What the app keeps between sessions, so nothing is lost after a crash: the current scene, autosaved
// every few seconds when it changed and on exit (restored at the next start), and the recently opened
// or saved scene files. Lives in $XDG_STATE_HOME/downhill (default ~/.local/state/downhill).
#pragma once

#include "core/scene/scene.h"

#include <optional>
#include <string>
#include <vector>

namespace dh {

// The directory (created if missing); empty when there is no HOME and no XDG_STATE_HOME.
std::string stateDirectory();

inline constexpr size_t kMaxRecentFileBytes = size_t(1) << 20; // the recent-files list is read up to this

// The autosave never discards work: a file it cannot load is moved aside, not overwritten, and a
// failed write is reported (lastError, takeNewError) and retried at the next save.
class SceneAutosave {
public:
    explicit SceneAutosave(std::string path, double intervalSeconds = 5.0);
    // Saves (atomically) when the scene changed since the last save and the interval has passed.
    // Returns true when it wrote. Never throws: a failed write is reported in lastError().
    bool maybeSave(const Scene& scene, double nowSeconds);
    bool save(const Scene& scene); // now, if changed
    // The autosaved scene, if there is a readable one. An autosave that exists but cannot be loaded
    // (a newer "version", a value out of range, unreadable) is renamed to
    // "<name>.unloadable-<YYYYMMDD-HHMMSS>.json" beside it and *notice says so (for the user, at
    // start-up). If even the rename fails, autosaving is switched off for this session (path() becomes
    // empty), so the file is never overwritten, and *notice says that too. notice may be null.
    std::optional<Scene> restore(std::vector<std::string>* warnings, std::string* notice = nullptr);
    const std::string& path() const { return m_path; }
    const std::string& lastError() const { return m_lastError; } // "" after a successful save
    // The message of a failed save once, when it first appears (or changes): for the status bar.
    std::optional<std::string> takeNewError();

private:
    std::string m_path;
    double m_interval;
    double m_lastSave = -1e300;
    std::string m_lastText;
    std::string m_lastError;
    std::string m_reportedError;
};

class RecentFiles {
public:
    static constexpr size_t kMax = 10;
    explicit RecentFiles(std::string path); // loads the list (a missing or broken file is an empty list)
    // Stored absolute (absolutePath, core/common/paths.h), most recent first, no duplicates, at most kMax;
    // saved at once. Entries of an older, relative list are made absolute when it is loaded.
    void add(const std::string& file);
    const std::vector<std::string>& files() const { return m_files; }

private:
    std::string m_path;
    std::vector<std::string> m_files;
};

} // namespace dh
