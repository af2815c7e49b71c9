#include "agent/collect/linux/dpkg_status.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "agent/collect/linux/text.hpp"

namespace clicfleet::agent::linux_collect {

namespace {

// A desktop with 4,000 packages has a status file of about 6 MB; this leaves
// room for kMaxPackages with long descriptions. The file is read line by line,
// so the bound is on time, not memory.
constexpr std::size_t kMaxStatusBytes = 64 << 20;

/// "want flag status", e.g. "install ok installed" or "hold ok installed" (held
/// back from upgrades, still installed). "deinstall ok config-files",
/// "purge ok not-installed", "install ok unpacked" and a flag other than "ok"
/// (reinstreq: a failed installation) are not installed packages.
bool is_installed_status(std::string_view status) {
    const auto words = split_fields(status);
    return words.size() == 3 && words[1] == "ok" && words[2] == "installed";
}

/// Package names and versions are printable ASCII by Debian policy; anything
/// else, or anything over the bound, is damage.
bool is_reportable(std::string_view field) {
    return !field.empty() && field.size() <= kMaxPackageFieldBytes && is_printable_ascii(field);
}

}  // namespace

void DpkgStatusParser::add_line(std::string_view line) {
    if (trim_space(line).empty()) return end_stanza();
    // Continuation lines (Description, Conffiles) start with a blank.
    if (line.front() == ' ' || line.front() == '\t') return;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const auto field = line.substr(0, colon);
    const auto value = trim_space(line.substr(colon + 1));
    if (field == "Package") {
        package_ = value;
    } else if (field == "Version") {
        version_ = value;
    } else if (field == "Status") {
        installed_ = is_installed_status(value);
    }
}

void DpkgStatusParser::end_stanza() {
    if (installed_ && is_reportable(package_) && is_reportable(version_) &&
        packages_.size() < kMaxPackages) {
        packages_.push_back(
            {std::move(package_), std::move(version_), common::PackageSource::dpkg});
    }
    package_.clear();
    version_.clear();
    installed_ = false;
}

std::vector<common::SoftwarePackage> DpkgStatusParser::finish() {
    end_stanza();  // the last stanza need not end with a blank line
    auto by_name = [](const common::SoftwarePackage& a, const common::SoftwarePackage& b) {
        return std::tie(a.name, a.version) < std::tie(b.name, b.version);
    };
    std::sort(packages_.begin(), packages_.end(), by_name);
    packages_.erase(std::unique(packages_.begin(), packages_.end()), packages_.end());
    return std::move(packages_);
}

std::vector<common::SoftwarePackage> parse_dpkg_status(std::string_view text) {
    DpkgStatusParser parser;
    for (const auto line : split_lines(text))
        parser.add_line(line);
    return parser.finish();
}

std::vector<common::SoftwarePackage> read_dpkg_packages(const Sysroot& sysroot) {
    DpkgStatusParser parser;
    const bool read = sysroot.for_each_line(
        "/var/lib/dpkg/status", [&parser](std::string_view line) { parser.add_line(line); },
        kMaxStatusBytes);
    // A database cut short would make the packages after the cut look removed.
    if (!read) return {};
    return parser.finish();
}

}  // namespace clicfleet::agent::linux_collect
