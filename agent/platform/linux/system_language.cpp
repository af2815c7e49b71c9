#include "agent/platform/system_language.hpp"

#include "common/util/files.hpp"

namespace clicfleet::agent {

common::Language system_language(const std::filesystem::path& sysroot) {
    for (const char* file : {"etc/default/locale", "etc/locale.conf"}) {
        auto text = common::read_file(sysroot / file, 64 * 1024);
        if (!text) continue;
        if (const auto language = common::language_from_locale_file(*text)) return *language;
    }
    return common::Language::french;  // the city's
}

}  // namespace clicfleet::agent
