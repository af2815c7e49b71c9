#pragma once
// A dpkg status file of any size, the same every run: for tests and the
// agent benchmark, so no large fixture needs committing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::testing {

/// A dpkg status file of `packages` installed packages with made-up but
/// realistically shaped names, versions and stanzas (about 700 bytes each),
/// for the tests and benchmarks that need a machine with thousands of them.
/// Names are unique and the same for the same count.
inline std::string synthetic_dpkg_status(std::size_t packages) {
    const std::vector<std::string_view> prefixes = {"lib",   "python3-", "gir1.2-", "fonts-",
                                                    "node-", "",         "",        ""};
    const std::vector<std::string_view> suffixes = {"", "", "-dev", "-common", "-data", "6", "-0"};
    std::uint32_t seed = 2026;
    auto next = [&seed](std::uint32_t bound) {
        seed = seed * 1'103'515'245u + 12'345u;  // a fixed LCG: the same file every run
        return (seed >> 16) % bound;
    };
    std::string text;
    for (std::size_t i = 0; i < packages; ++i) {
        std::string name(prefixes[next(prefixes.size())]);
        for (std::uint32_t n = 4 + next(9); n > 0; --n)
            name.push_back(static_cast<char>('a' + next(26)));
        name += std::to_string(i);
        name += suffixes[next(suffixes.size())];
        const std::string version = (next(4) == 0 ? "1:" : "") + std::to_string(next(20)) + "." +
                                    std::to_string(next(40)) + "." + std::to_string(next(10)) +
                                    "-" + std::to_string(1 + next(3)) + "ubuntu0.22.04." +
                                    std::to_string(next(6));
        text += "Package: " + name +
                "\nStatus: install ok installed\nPriority: optional\nSection: libs\n"
                "Installed-Size: " +
                std::to_string(16 + next(40'000)) +
                "\nMaintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\n"
                "Architecture: amd64\nMulti-Arch: same\nVersion: " +
                version +
                "\nDepends: libc6 (>= 2.34), libgcc-s1 (>= 3.0), libstdc++6 (>= 12)\n"
                "Description: synthetic package number " +
                std::to_string(i) +
                "\n This stanza only gives the status file the size and shape of a real\n"
                " one: a synopsis, then an extended description over a few lines, as\n"
                " every Debian package has.\n .\n It installs nothing.\n"
                "Homepage: https://example.org/" +
                name + "\n\n";
    }
    return text;
}

}  // namespace clicfleet::testing
