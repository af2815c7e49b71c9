#include <boost/json.hpp>

#include <fstream>

#include "agent/collect/windows/answers.hpp"
#include "agent/collect/windows/sources.hpp"
#include "common/protocol/json_text.hpp"
#include "common/protocol/messages.hpp"
#include "common/util/files.hpp"
#include "common/util/text.hpp"

namespace clicfleet::agent::windows {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCaptureFileBytes = 16 << 20;

bool at_or_under(std::string_view path, std::string_view root) {
    if (path.size() < root.size() ||
        common::ascii_lower(path.substr(0, root.size())) != common::ascii_lower(root)) {
        return false;
    }
    if (path.size() == root.size()) return true;
    return path[root.size()] == '\\' && path.find('\\', root.size() + 1) == std::string_view::npos;
}

void escape_into(std::string& out, std::string_view text) {
    for (const char c : text) {
        if (c == '\\' || c == '"') out.push_back('\\');
        out.push_back(c);
    }
}

}  // namespace

CapturedSources::CapturedSources(fs::path dir) : dir_(std::move(dir)) {
    if (const auto text = read(CaptureFiles::registry)) keys_ = parse_reg_export(*text);
}

std::optional<std::string> CapturedSources::read(const fs::path& name) const {
    auto bytes = common::read_file(dir_ / name, kMaxCaptureFileBytes);
    if (!bytes) return std::nullopt;
    return std::move(*bytes);
}

std::optional<std::string> CapturedSources::raw_smbios() const {
    return read(CaptureFiles::smbios);
}

std::vector<RegistryKey> CapturedSources::registry(std::string_view root) const {
    std::vector<RegistryKey> keys;
    for (const auto& key : keys_) {
        if (at_or_under(key.path, root)) keys.push_back(key);
    }
    return keys;
}

std::optional<std::string> CapturedSources::processor_information() const {
    return read(CaptureFiles::processors);
}

std::vector<std::string> CapturedSources::battery_information() const {
    std::vector<std::string> batteries;
    for (int i = 0;; ++i) {
        auto bytes = read(CaptureFiles::battery_prefix + std::to_string(i) + ".bin");
        if (!bytes) return batteries;
        batteries.push_back(std::move(*bytes));
    }
}

MachineFacts CapturedSources::facts() const {
    const auto text = read(CaptureFiles::facts);
    if (!text) return {};
    auto json = common::parse_json(*text);
    if (!json) return {};
    auto facts = machine_facts_from_json(*json, "machine");
    return facts ? std::move(*facts) : MachineFacts{};
}

std::string to_reg_export(const std::vector<RegistryKey>& keys) {
    std::string out = "Windows Registry Editor Version 5.00\r\n";
    for (const auto& key : keys) {
        out += "\r\n[" + key.path + "]\r\n";
        for (const auto& [name, value] : key.values) {
            if (name.empty()) {
                out += "@=";
            } else {
                out += '"';
                escape_into(out, name);
                out += "\"=";
            }
            if (value.text) {
                out += '"';
                escape_into(out, *value.text);
                out += "\"\r\n";
            } else if (value.number && *value.number <= 0xffffffffu) {
                char digits[16];
                std::snprintf(digits, sizeof digits, "%08llx",
                              static_cast<unsigned long long>(*value.number));
                out += std::string("dword:") + digits + "\r\n";
            } else if (value.number) {
                out += "hex(b):";
                for (int i = 0; i < 8; ++i) {
                    char pair[4];
                    std::snprintf(pair, sizeof pair, "%02x",
                                  static_cast<unsigned>((*value.number >> (8 * i)) & 0xff));
                    out += pair;
                    if (i < 7) out += ',';
                }
                out += "\r\n";
            }
        }
    }
    return out;
}

common::Status write_capture(const Sources& sources, const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        return common::make_error(common::Errc::io,
                                  "cannot create " + dir.string() + ": " + ec.message());
    }
    const auto write = [&](const fs::path& name, std::string_view bytes) {
        return common::write_file_atomic(dir / name, bytes, common::kPublicFileMode);
    };
    if (const auto smbios = sources.raw_smbios()) {
        if (auto s = write(CaptureFiles::smbios, *smbios); !s) return s;
    }
    std::vector<RegistryKey> keys;
    for (const auto& read : kRegistryReads) {
        auto found = sources.registry(read.root);
        keys.insert(keys.end(), std::make_move_iterator(found.begin()),
                    std::make_move_iterator(found.end()));
    }
    if (auto s = write(CaptureFiles::registry, to_reg_export(only_what_collectors_read(keys)));
        !s) {
        return s;
    }
    if (const auto processors = sources.processor_information()) {
        if (auto s = write(CaptureFiles::processors, *processors); !s) return s;
    }
    const auto batteries = sources.battery_information();
    for (std::size_t i = 0; i < batteries.size(); ++i) {
        const auto name = CaptureFiles::battery_prefix + std::to_string(i) + ".bin";
        if (auto s = write(name, batteries[i]); !s) return s;
    }
    return write(CaptureFiles::facts, common::json_text(to_json(sources.facts())) + "\n");
}

}  // namespace clicfleet::agent::windows
