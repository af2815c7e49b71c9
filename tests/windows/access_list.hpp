#pragma once
// What an access list in SDDL grants, entry by entry, for the tests of the
// Windows agent's files (wine keeps no access list on a file to read back).

// windows.h first: the others use its types.
#include <windows.h>

#include <sddl.h>

#include <string>
#include <vector>

#include "common/util/windows/wide_text.hpp"

namespace clicfleet::testing {

inline constexpr const char* kSystem = "S-1-5-18";
inline constexpr const char* kAdministrators = "S-1-5-32-544";
inline constexpr const char* kUsers = "S-1-5-32-545";
inline constexpr const char* kCreatorOwner = "S-1-3-0";

struct AccessEntry {
    std::string who;  ///< the SID, "S-1-5-18"
    DWORD rights = 0;
    BYTE inheritance = 0;  ///< OBJECT_INHERIT_ACE, CONTAINER_INHERIT_ACE, INHERIT_ONLY_ACE
};

struct AccessList {
    bool parsed = false;
    bool is_protected = false;  ///< nothing inherited from the folder above
    std::vector<AccessEntry> allowed;

    const AccessEntry* of(const std::string& sid) const {
        for (const auto& entry : allowed)
            if (entry.who == sid) return &entry;
        return nullptr;
    }
};

inline AccessList parse_access(const wchar_t* sddl) {
    AccessList out;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor,
                                                              nullptr)) {
        return out;
    }
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD revision = 0;
    GetSecurityDescriptorControl(descriptor, &control, &revision);
    out.is_protected = (control & SE_DACL_PROTECTED) != 0;
    BOOL present = FALSE;
    BOOL defaulted = FALSE;
    PACL dacl = nullptr;
    GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
    for (DWORD i = 0; dacl && i < dacl->AceCount; ++i) {
        ACCESS_ALLOWED_ACE* ace = nullptr;
        if (!GetAce(dacl, i, reinterpret_cast<void**>(&ace)) ||
            ace->Header.AceType != ACCESS_ALLOWED_ACE_TYPE) {
            continue;
        }
        wchar_t* sid = nullptr;
        ConvertSidToStringSidW(&ace->SidStart, &sid);
        out.allowed.push_back({common::from_wide(sid), ace->Mask, ace->Header.AceFlags});
        LocalFree(sid);
    }
    LocalFree(descriptor);
    out.parsed = true;
    return out;
}

}  // namespace clicfleet::testing
