#pragma once
// Who may do what with the agent's files on Windows, as access lists in
// SDDL, and setting them. Wine keeps none of them (it maps them to Unix
// modes), so tests check what each list grants, not what a file carries.

#include <filesystem>

#include "common/util/result.hpp"

namespace clicfleet::common {

/// SYSTEM and Administrators: everything, here and on what is made inside;
/// the entries inherited from above (Users may read ProgramData) removed.
inline constexpr const wchar_t* kPrivateFolderAccess = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

/// SYSTEM and Administrators: everything; Users: read (laptop.json, the CA).
inline constexpr const wchar_t* kPublicFileAccess = L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;BU)";

/// SYSTEM and Administrators: everything. Users: add a file to the folder
/// (FILE_ADD_FILE and SYNCHRONIZE), and nothing else: not list, not read.
/// A file's creator (CREATOR OWNER): everything on that file only.
inline constexpr const wchar_t* kDropFolderAccess =
    L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;;0x100002;;;BU)(A;OIIO;FA;;;CO)";

/// Replaces the access list of a file or folder; an io error naming it otherwise.
Status set_access(const std::filesystem::path& path, const wchar_t* sddl);

}  // namespace clicfleet::common
