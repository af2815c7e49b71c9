#include "common/net/windows/server_certificate.hpp"

#include <winhttp.h>  // the SECURITY_FLAG_IGNORE_* of the SSL policy
#include <ws2tcpip.h>

#include <cstring>
#include <memory>
#include <vector>

#include "common/util/files.hpp"
#include "common/util/windows/file_time.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::common {

namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

/// The DER bytes of each PEM certificate block of `pem`.
std::vector<std::vector<BYTE>> certificates_of(const std::string& pem) {
    std::vector<std::vector<BYTE>> out;
    for (std::size_t at = pem.find(kBegin); at != std::string::npos; at = pem.find(kBegin, at)) {
        const std::size_t end = pem.find(kEnd, at);
        if (end == std::string::npos) break;
        const std::string block = pem.substr(at, end + kEnd.size() - at);
        DWORD size = 0;
        if (CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                                 CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr, nullptr)) {
            std::vector<BYTE> der(size);
            if (CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                                     CRYPT_STRING_BASE64HEADER, der.data(), &size, nullptr,
                                     nullptr)) {
                der.resize(size);
                out.push_back(std::move(der));
            }
        }
        at = end + kEnd.size();
    }
    return out;
}

struct ChainDeleter {
    void operator()(PCCERT_CHAIN_CONTEXT chain) const { CertFreeCertificateChain(chain); }
};
using Chain = std::unique_ptr<const CERT_CHAIN_CONTEXT, ChainDeleter>;

/// Whether the certificate's subjectAltName holds the IP address `host`.
/// (CertVerifyCertificateChainPolicy matches names only on some systems.)
bool names_ip_address(PCCERT_CONTEXT certificate, const std::string& host) {
    BYTE address[16];
    std::size_t length = 0;
    if (inet_pton(AF_INET, host.c_str(), address) == 1) {
        length = 4;
    } else if (inet_pton(AF_INET6, host.c_str(), address) == 1) {
        length = 16;
    } else {
        return false;
    }
    const CERT_EXTENSION* extension =
        CertFindExtension(szOID_SUBJECT_ALT_NAME2, certificate->pCertInfo->cExtension,
                          certificate->pCertInfo->rgExtension);
    if (!extension) return false;
    CERT_ALT_NAME_INFO* names = nullptr;
    DWORD size = 0;
    if (!CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, extension->Value.pbData,
                             extension->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, nullptr, &names,
                             &size)) {
        return false;
    }
    bool found = false;
    for (DWORD i = 0; i < names->cAltEntry && !found; ++i) {
        const CERT_ALT_NAME_ENTRY& entry = names->rgAltEntry[i];
        found = entry.dwAltNameChoice == CERT_ALT_NAME_IP_ADDRESS &&
                entry.IPAddress.cbData == length &&
                std::memcmp(entry.IPAddress.pbData, address, length) == 0;
    }
    LocalFree(names);
    return found;
}

/// Whether the certificate is for `host` and for serving TLS, the rest aside.
std::optional<std::string> name_problem(const Chain& chain, PCCERT_CONTEXT certificate,
                                        const std::string& host) {
    const bool is_address = host.find_first_not_of("0123456789.") == std::string::npos ||
                            host.find(':') != std::string::npos;
    if (is_address) {
        if (names_ip_address(certificate, host)) return std::nullopt;
        return "the certificate is not for " + host;
    }
    std::wstring name = to_wide(host);
    HTTPSPolicyCallbackData https{};
    https.cbSize = sizeof https;
    https.dwAuthType = AUTHTYPE_SERVER;
    // The roots and dates are judged above: here only the name and the usage.
    https.fdwChecks = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID;
    https.pwszServerName = name.data();
    CERT_CHAIN_POLICY_PARA policy{};
    policy.cbSize = sizeof policy;
    policy.pvExtraPolicyPara = &https;
    CERT_CHAIN_POLICY_STATUS status{};
    status.cbSize = sizeof status;
    if (!CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain.get(), &policy, &status)) {
        return "the certificate's name could not be checked";
    }
    if (status.dwError == 0) return std::nullopt;
    if (static_cast<HRESULT>(status.dwError) == CERT_E_CN_NO_MATCH) {
        return "the certificate is not for " + host;
    }
    return "the certificate is refused: " + win32_message(status.dwError);
}

}  // namespace

Result<TrustedRoots> TrustedRoots::load(const std::filesystem::path& pem_file) {
    auto pem = read_file(pem_file, 1 << 20);
    if (!pem) return make_error(Errc::invalid, pem.error().message, "ca");
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr);
    if (!store) return make_error(Errc::internal, "cannot make a certificate store");
    TrustedRoots roots(store);
    for (const auto& der : certificates_of(*pem)) {
        CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der.data(),
                                         static_cast<DWORD>(der.size()),
                                         CERT_STORE_ADD_REPLACE_EXISTING, nullptr);
    }
    if (!CertEnumCertificatesInStore(store, nullptr)) {
        return make_error(
            Errc::invalid,
            "cannot load CA certificate " + pem_file.string() + ": no PEM certificate in it", "ca");
    }
    return roots;
}

TrustedRoots::~TrustedRoots() {
    if (store_) CertCloseStore(store_, 0);
}

bool TrustedRoots::holds(PCCERT_CONTEXT certificate) const {
    for (PCCERT_CONTEXT ours = CertEnumCertificatesInStore(store_, nullptr); ours;
         ours = CertEnumCertificatesInStore(store_, ours)) {
        if (ours->cbCertEncoded == certificate->cbCertEncoded &&
            std::memcmp(ours->pbCertEncoded, certificate->pbCertEncoded,
                        certificate->cbCertEncoded) == 0) {
            CertFreeCertificateContext(ours);
            return true;
        }
    }
    return false;
}

CertificateCheck check_server_certificate(PCCERT_CONTEXT certificate, const TrustedRoots* roots,
                                          const std::string& host, TimePoint at) {
    // The chain is built from what the server sent and the fleet's CA; the
    // system's roots may take part, but only the fleet's CA ends a trusted
    // chain. (An exclusive root engine says the same, but wine lacks it.)
    HCERTSTORE candidates = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, nullptr);
    if (!candidates) return {CertificateVerdict::untrusted, "cannot make a certificate store"};
    if (roots) CertAddStoreToCollection(candidates, roots->store(), 0, 0);
    if (certificate->hCertStore)
        CertAddStoreToCollection(candidates, certificate->hCertStore, 0, 0);
    CERT_CHAIN_PARA para{};
    para.cbSize = sizeof para;
    FILETIME when = to_filetime(at);
    PCCERT_CHAIN_CONTEXT built = nullptr;
    const BOOL ok =
        CertGetCertificateChain(nullptr, certificate, &when, candidates, &para, 0, nullptr, &built);
    CertCloseStore(candidates, 0);
    if (!ok || !built || built->cChain == 0) {
        if (built) CertFreeCertificateChain(built);
        return {CertificateVerdict::untrusted, "no certificate chain could be built"};
    }
    const Chain chain(built);
    const CERT_SIMPLE_CHAIN* simple = chain->rgpChain[0];
    const PCCERT_CONTEXT top = simple->rgpElement[simple->cElement - 1]->pCertContext;
    if (roots && !roots->holds(top)) {
        return {CertificateVerdict::untrusted, "the certificate is not issued by the fleet's CA"};
    }
    // The fleet's CA is no system root: "untrusted root" is expected of it,
    // never of a chain the system's roots must end.
    const DWORD ignored = (roots ? CERT_TRUST_IS_UNTRUSTED_ROOT : 0) |
                          CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION;
    const DWORD errors = simple->TrustStatus.dwErrorStatus & ~ignored;
    const DWORD date_errors = CERT_TRUST_IS_NOT_TIME_VALID | CERT_TRUST_IS_NOT_TIME_NESTED;
    if (errors & CERT_TRUST_IS_UNTRUSTED_ROOT) {
        return {CertificateVerdict::untrusted,
                "the certificate is not issued by an authority this computer trusts"};
    }
    if (errors & ~date_errors) {
        char code[16];
        std::snprintf(code, sizeof code, "0x%lx", errors);
        return {CertificateVerdict::untrusted,
                std::string("the certificate chain is invalid (trust status ") + code + ")"};
    }
    if (auto problem = name_problem(chain, certificate, host)) {
        return {CertificateVerdict::untrusted, std::move(*problem)};
    }
    if (errors & date_errors) {
        return {CertificateVerdict::dates_invalid,
                "the certificate is expired or not yet valid by this computer's clock"};
    }
    return {CertificateVerdict::trusted, {}};
}

}  // namespace clicfleet::common
