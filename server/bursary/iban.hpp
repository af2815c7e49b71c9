#pragma once
// IBANs of the families paid the internet bursary (SPEC §6 rule 7): checked on
// entry (ISO 13616, mod-97 of ISO 7064), masked everywhere but the payment
// export. Bank details are personal data: no message here ever repeats one.

#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace clicfleet::server {

/// The IBAN in compact form (no spaces, upper case) if it is valid: letters and digits only, a
/// known country code with its exact length (ISO 13616 registry: every country in it, all SEPA
/// countries included; FR 27, DE 22, BE 16, ES 24, IT 27, NL 18, PT 25, LU 20, CH 21, MC 27,
/// GB 22, ...), check digits 02 to 98, and the mod-97 check = 1.
/// Spaces, tabs and no-break spaces (U+00A0, U+202F) between characters are dropped, as is the
/// "IBAN" prefix of the paper form ("IBAN FR76 3000 ...").
/// The error (Errc::invalid, field "iban") says which check failed in plain words, never echoing
/// the IBAN.
common::Result<std::string> normalize_iban(std::string_view text);

/// "FR76 3000 6000 0112 3456 7890 189" (groups of four).
std::string format_iban(std::string_view compact);

/// Masked for display: country and check digits, then '*', then the last 4 characters, grouped by
/// four: "FR76 **** **** **** **** ***0 189". Never more than the last 4 characters of the account
/// part visible; none of them when the account part is shorter than 8 characters (no valid IBAN
/// is).
std::string mask_iban(std::string_view compact);

}  // namespace clicfleet::server
