// Issue 10, items 1, 2 and 4 in core: what a path is decides whether it is read or replaced. Devices,
// FIFOs and links are made in a temporary directory this test creates; the system's /dev is not used.
#include "core/common/error.h"
#include "core/common/file_io.h"

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <new>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace dh {
namespace {

namespace fs = std::filesystem;

class FileIo : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("downhill_file_io_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path(const char* name) const { return (m_dir / name).string(); }
    // A character device node like /dev/null (1, 3), made here; "" when this process may not.
    std::string device(const char* name, unsigned minor = 3) const {
        const std::string p = path(name);
        return ::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0 ? p : "";
    }
    template <class F>
    static std::string ioError(F&& f) {
        try {
            f();
        } catch (const IoError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no IoError";
        return "";
    }
    fs::path m_dir;
};

TEST_F(FileIo, ReadsRefuseDirectoriesFifosDevicesAndOversizedFilesByName) {
    EXPECT_EQ(ioError([&] { readFileText(m_dir.string()); }), m_dir.string() + ": is a directory, not a file");
    const std::string fifo = path("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(ioError([&] { readFileText(fifo); }), fifo + ": is a FIFO, not a file"); // and no wait for a writer
    if (const std::string dev = device("zero", 5); !dev.empty())
        EXPECT_EQ(ioError([&] { readFileBytes(dev, 100); }), dev + ": is a character device, not a file");
    else
        std::cout << "[ SKIPPED  ] mknod not permitted here: the device case is not run\n";

    const std::string big = path("big.json");
    std::ofstream(big) << std::string(1001, 'x');
    EXPECT_EQ(ioError([&] { readFileText(big, 1000, "a test"); }),
              big + ": larger than 1000 bytes, the limit for a test");
    EXPECT_EQ(readFileText(big, 1001).size(), 1001u);
    fs::resize_file(big, (size_t(16) << 20) + 1); // sparse: nothing is read, the stat refuses it
    EXPECT_EQ(ioError([&] { readFileText(big, size_t(16) << 20, "a scene"); }),
              big + ": larger than 16 MiB, the limit for a scene");
    EXPECT_NE(ioError([&] { readFileText(path("missing")); }).find("missing: cannot open (No such file"),
              std::string::npos);
}

TEST_F(FileIo, AtomicWritesReplaceOnlyRegularFilesAndFollowLinks) {
    // Absent → created; regular → replaced, keeping its permission bits.
    const std::string file = path("out.txt");
    writeFileAtomic(file, std::string("one"));
    ::chmod(file.c_str(), 0640);
    writeFileAtomic(file, std::string("two"));
    EXPECT_EQ(readFileText(file), "two");
    struct stat st;
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);

    // A symbolic link (to a link, relative) stays a link; the file it points to gets the new contents.
    fs::create_symlink("out.txt", m_dir / "link1");
    fs::create_symlink(m_dir / "link1", m_dir / "link2");
    writeFileAtomic(path("link2"), std::string("three"));
    EXPECT_TRUE(fs::is_symlink(m_dir / "link2"));
    EXPECT_TRUE(fs::is_symlink(m_dir / "link1"));
    EXPECT_EQ(readFileText(file), "three");
    EXPECT_EQ(resolveOutputPath(path("link2")), path("out.txt"));
    // A dangling link creates its target.
    fs::create_symlink("new.txt", m_dir / "dangling");
    writeFileAtomic(path("dangling"), std::string("four"));
    EXPECT_TRUE(fs::is_symlink(m_dir / "dangling"));
    EXPECT_EQ(readFileText(path("new.txt")), "four");

    // Directories, FIFOs and devices are refused by name and left as they were; no temporary remains.
    EXPECT_EQ(ioError([&] { writeFileAtomic(m_dir.string(), std::string("x")); }),
              m_dir.string() + ": is a directory; only a regular file is replaced");
    const std::string fifo = path("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(ioError([&] { writeFileAtomic(fifo, std::string("x")); }),
              fifo + ": is a FIFO; only a regular file is replaced");
    EXPECT_TRUE(fs::is_fifo(fifo));
    fs::create_symlink("fifo", m_dir / "to-fifo");
    EXPECT_EQ(ioError([&] { writeFileAtomic(path("to-fifo"), std::string("x")); }),
              path("to-fifo") + ": is a FIFO (the link points to " + m_dir.string() +
                  "/fifo); only a regular file is replaced");
    if (const std::string dev = device("null"); !dev.empty()) {
        EXPECT_EQ(ioError([&] { writeFileAtomic(dev, std::string("x")); }),
                  dev + ": is a character device; only a regular file is replaced");
        EXPECT_TRUE(fs::is_character_file(dev));
    } else {
        std::cout << "[ SKIPPED  ] mknod not permitted here: the device case is not run\n";
    }
    fs::create_symlink("loop", m_dir / "loop");
    EXPECT_EQ(ioError([&] { writeFileAtomic(path("loop"), std::string("x")); }),
              path("loop") + ": too many levels of symbolic links");
    for (const auto& entry : fs::directory_iterator(m_dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST_F(FileIo, AWriteErrorIsReportedAndLeavesTheOldFile) {
    const std::string file = path("keep.txt");
    writeFileAtomic(file, std::string("old"));
    if (const std::string full = device("full", 7); !full.empty()) {
        // A full disk: the temporary's descriptor is pointed at a device whose writes fail with ENOSPC.
        AtomicOutput out(file);
        const int fd = ::open(full.c_str(), O_WRONLY);
        ASSERT_GE(::dup2(fd, out.descriptor()), 0);
        ::close(fd);
        EXPECT_NE(ioError([&] { out.write("new", 3); }).find("write failed (No space left on device)"),
                  std::string::npos);
    } else {
        std::cout << "[ SKIPPED  ] mknod not permitted here: the full-disk case is not run\n";
    }
    EXPECT_EQ(readFileText(file), "old");
    {
        AtomicOutput abandoned(file); // no commit: the destination is untouched, the temporary removed
        abandoned.write("new", 3);
    }
    EXPECT_EQ(readFileText(file), "old");
    for (const auto& entry : fs::directory_iterator(m_dir))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(ExitCodes, InputIsTwoEverythingElseOneWithAMessage) {
    EXPECT_EQ(exitCodeFor(InputError("x")), kExitInput);
    EXPECT_EQ(exitCodeFor(IoError("x")), kExitIo);
    EXPECT_EQ(exitCodeFor(std::bad_alloc()), kExitIo);
    EXPECT_EQ(messageFor(std::bad_alloc()), "out of memory");
    EXPECT_EQ(messageFor(IoError("a.json: cannot open")), "a.json: cannot open");
    EXPECT_EQ(messageFor(std::logic_error("bug")), "internal error: bug");
    EXPECT_EQ(formatBytes(size_t(16) << 20), "16 MiB");
    EXPECT_EQ(formatBytes(1000), "1000 bytes");
}

} // namespace
} // namespace dh
