// What Windows answers, for the collectors (sources.hpp). Each call that
// fails leaves its part absent: a machine that hides a thing is still
// reported on. Wine answers most of these; it has no battery device and no
// SMBIOS table of its own where Linux shows none.

// windows.h first: the others use its types.
#include <windows.h>

#include <winsock2.h>  // before iphlpapi.h: the lean windows.h leaves sockets out
#include <ws2tcpip.h>  // before iphlpapi.h: MIB_IF_ROW2 needs its IP types

#include <initguid.h>  // GUID_DEVCLASS_BATTERY defined here, not only declared

#include <batclass.h>
#include <devguid.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <setupapi.h>
#include <winioctl.h>

#include <cstring>
#include <memory>

#include "agent/collect/windows/adapter_list.hpp"
#include "agent/collect/windows/live_sources.hpp"
#include "common/util/text.hpp"
#include "common/util/windows/wide_text.hpp"

namespace clicfleet::agent::windows {

namespace {

using common::from_wide;
using common::to_wide;

constexpr std::string_view kLocalMachine = "HKEY_LOCAL_MACHINE\\";

struct KeyCloser {
    void operator()(HKEY key) const { RegCloseKey(key); }
};
using Key = std::unique_ptr<std::remove_pointer_t<HKEY>, KeyCloser>;

struct HandleCloser {
    void operator()(HANDLE h) const {
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
};
using Handle = std::unique_ptr<void, HandleCloser>;

Key open_key(const std::wstring& path) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &key) !=
        ERROR_SUCCESS) {
        return nullptr;
    }
    return Key(key);
}

/// The strings and numbers of an open key.
RegistryKey read_values(HKEY key, std::string path) {
    RegistryKey out{std::move(path), {}};
    std::wstring name(16384, L'\0');
    std::string data(64 * 1024, '\0');
    for (DWORD i = 0;; ++i) {
        DWORD name_size = static_cast<DWORD>(name.size());
        DWORD data_size = static_cast<DWORD>(data.size());
        DWORD type = 0;
        const LONG result = RegEnumValueW(key, i, name.data(), &name_size, nullptr, &type,
                                          reinterpret_cast<BYTE*>(data.data()), &data_size);
        if (result == ERROR_NO_MORE_ITEMS) break;
        if (result != ERROR_SUCCESS) continue;  // larger than 64 KiB: not a value we read
        RegistryValue value;
        if ((type == REG_SZ || type == REG_EXPAND_SZ) && data_size % 2 == 0) {
            std::wstring text(reinterpret_cast<const wchar_t*>(data.data()), data_size / 2);
            while (!text.empty() && text.back() == L'\0')
                text.pop_back();
            value.text = from_wide(text);
        } else if (type == REG_DWORD && data_size == 4) {
            DWORD n = 0;
            std::memcpy(&n, data.data(), 4);
            value.number = n;
        } else if (type == REG_QWORD && data_size == 8) {
            std::uint64_t n = 0;
            std::memcpy(&n, data.data(), 8);
            value.number = n;
        } else {
            continue;
        }
        out.values[common::ascii_lower(from_wide({name.data(), name_size}))] = std::move(value);
    }
    return out;
}

std::string mac_text(const BYTE* bytes, ULONG length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string mac;
    for (ULONG i = 0; i < length; ++i) {
        if (i > 0) mac.push_back(':');
        mac.push_back(kHex[bytes[i] >> 4]);
        mac.push_back(kHex[bytes[i] & 0x0f]);
    }
    return mac;
}

std::vector<AdapterAnswer> adapters() {
    std::vector<AdapterAnswer> out;
    std::string buffer;
    for (const auto* a = adapter_list(
             GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER, buffer);
         a; a = a->Next) {
        AdapterAnswer adapter;
        adapter.name = from_wide(a->FriendlyName ? a->FriendlyName : L"");
        adapter.if_type = a->IfType;
        if (a->PhysicalAddressLength == 6) {
            adapter.mac = mac_text(a->PhysicalAddress, a->PhysicalAddressLength);
        }
        MIB_IF_ROW2 row{};
        row.InterfaceLuid = a->Luid;
        if (GetIfEntry2(&row) == NO_ERROR) {
            adapter.hardware = row.InterfaceAndOperStatusFlags.HardwareInterface;
        }
        out.push_back(std::move(adapter));
    }
    return out;
}

std::vector<VolumeAnswer> volumes() {
    std::vector<VolumeAnswer> out;
    wchar_t roots[512];
    const DWORD n = GetLogicalDriveStringsW(static_cast<DWORD>(std::size(roots)), roots);
    if (n == 0 || n > std::size(roots)) return out;
    for (const wchar_t* root = roots; *root; root += wcslen(root) + 1) {
        const UINT type = GetDriveTypeW(root);
        if (type != DRIVE_FIXED && type != DRIVE_REMOVABLE) continue;
        VolumeAnswer volume;
        volume.root = from_wide(root);
        volume.fixed = type == DRIVE_FIXED;
        wchar_t file_system[MAX_PATH + 1] = {};
        if (GetVolumeInformationW(root, nullptr, 0, nullptr, nullptr, nullptr, file_system,
                                  MAX_PATH + 1)) {
            volume.file_system = from_wide(file_system);
        }
        wchar_t device[MAX_PATH + 1] = {};
        if (GetVolumeNameForVolumeMountPointW(root, device, MAX_PATH + 1)) {
            volume.device = from_wide(device);
        }
        ULARGE_INTEGER available{}, total{}, free{};
        if (GetDiskFreeSpaceExW(root, &available, &total, &free)) {
            volume.size_bytes = total.QuadPart;
            volume.free_bytes = available.QuadPart;
        }
        out.push_back(std::move(volume));
    }
    return out;
}

/// A NUL-terminated string at `offset` of a STORAGE_DEVICE_DESCRIPTOR.
std::optional<std::string> descriptor_text(const std::string& bytes, DWORD offset) {
    if (offset == 0 || offset >= bytes.size()) return std::nullopt;
    const auto end = bytes.find('\0', offset);
    auto text = std::string(common::trim_spaces(
        std::string_view(bytes).substr(offset, end == std::string::npos ? end : end - offset)));
    if (text.empty()) return std::nullopt;
    return text;
}

std::vector<DiskAnswer> disks() {
    std::vector<DiskAnswer> out;
    for (int i = 0; i < 16; ++i) {
        const std::wstring path = L"\\\\.\\PhysicalDrive" + std::to_wstring(i);
        // The length needs read access (the service has it); the model does not.
        Handle disk(CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                nullptr, OPEN_EXISTING, 0, nullptr));
        if (disk.get() == INVALID_HANDLE_VALUE) {
            disk.reset(CreateFileW(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                   OPEN_EXISTING, 0, nullptr));
        }
        if (disk.get() == INVALID_HANDLE_VALUE) continue;
        DiskAnswer answer;
        answer.name = "PhysicalDrive" + std::to_string(i);
        STORAGE_PROPERTY_QUERY query{};
        query.PropertyId = StorageDeviceProperty;
        query.QueryType = PropertyStandardQuery;
        std::string descriptor(4096, '\0');
        DWORD got = 0;
        if (DeviceIoControl(disk.get(), IOCTL_STORAGE_QUERY_PROPERTY, &query, sizeof query,
                            descriptor.data(), static_cast<DWORD>(descriptor.size()), &got,
                            nullptr) &&
            got >= sizeof(STORAGE_DEVICE_DESCRIPTOR)) {
            descriptor.resize(got);
            STORAGE_DEVICE_DESCRIPTOR d{};
            std::memcpy(&d, descriptor.data(), sizeof d);
            const auto vendor = descriptor_text(descriptor, d.VendorIdOffset);
            const auto product = descriptor_text(descriptor, d.ProductIdOffset);
            if (product) answer.model = vendor ? *vendor + " " + *product : *product;
            answer.removable = d.RemovableMedia != 0;
        }
        GET_LENGTH_INFORMATION length{};
        if (DeviceIoControl(disk.get(), IOCTL_DISK_GET_LENGTH_INFO, nullptr, 0, &length,
                            sizeof length, &got, nullptr)) {
            answer.size_bytes = static_cast<std::uint64_t>(length.Length.QuadPart);
        }
        query.PropertyId = StorageDeviceSeekPenaltyProperty;
        DEVICE_SEEK_PENALTY_DESCRIPTOR penalty{};
        if (DeviceIoControl(disk.get(), IOCTL_STORAGE_QUERY_PROPERTY, &query, sizeof query,
                            &penalty, sizeof penalty, &got, nullptr) &&
            got >= sizeof penalty) {
            answer.rotational = penalty.IncursSeekPenalty != FALSE;
        }
        out.push_back(std::move(answer));
    }
    return out;
}

std::optional<std::string> battery_answer(const std::wstring& device_path) {
    Handle battery(CreateFileW(device_path.c_str(), GENERIC_READ | GENERIC_WRITE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                               FILE_ATTRIBUTE_NORMAL, nullptr));
    if (battery.get() == INVALID_HANDLE_VALUE) return std::nullopt;
    ULONG wait = 0;
    BATTERY_QUERY_INFORMATION query{};
    DWORD got = 0;
    if (!DeviceIoControl(battery.get(), IOCTL_BATTERY_QUERY_TAG, &wait, sizeof wait,
                         &query.BatteryTag, sizeof query.BatteryTag, &got, nullptr) ||
        query.BatteryTag == 0) {
        return std::nullopt;
    }
    query.InformationLevel = BatteryInformation;
    BATTERY_INFORMATION information{};
    if (!DeviceIoControl(battery.get(), IOCTL_BATTERY_QUERY_INFORMATION, &query, sizeof query,
                         &information, sizeof information, &got, nullptr) ||
        got < sizeof information) {
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(&information), sizeof information);
}

}  // namespace

std::optional<std::string> LiveSources::raw_smbios() const {
    constexpr DWORD kRsmb = 'R' << 24 | 'S' << 16 | 'M' << 8 | 'B';
    const UINT size = GetSystemFirmwareTable(kRsmb, 0, nullptr, 0);
    if (size == 0) return std::nullopt;
    std::string table(size, '\0');
    if (GetSystemFirmwareTable(kRsmb, 0, table.data(), size) != size) return std::nullopt;
    return table;
}

std::vector<RegistryKey> LiveSources::registry(std::string_view root) const {
    std::vector<RegistryKey> keys;
    if (!root.starts_with(kLocalMachine)) return keys;
    const std::wstring path = to_wide(root.substr(kLocalMachine.size()));
    const Key key = open_key(path);
    if (!key) return keys;
    keys.push_back(read_values(key.get(), std::string(root)));
    wchar_t name[256];
    for (DWORD i = 0;; ++i) {
        DWORD length = static_cast<DWORD>(std::size(name));
        const LONG result =
            RegEnumKeyExW(key.get(), i, name, &length, nullptr, nullptr, nullptr, nullptr);
        if (result == ERROR_NO_MORE_ITEMS) break;
        if (result != ERROR_SUCCESS) continue;
        const std::wstring child_name(name, length);
        if (const Key child = open_key(path + L"\\" + child_name)) {
            keys.push_back(
                read_values(child.get(), std::string(root) + "\\" + from_wide(child_name)));
        }
    }
    return keys;
}

std::optional<std::string> LiveSources::processor_information() const {
    DWORD size = 0;
    GetLogicalProcessorInformationEx(RelationAll, nullptr, &size);
    if (size == 0) return std::nullopt;
    std::string bytes(size, '\0');
    if (!GetLogicalProcessorInformationEx(
            RelationAll, reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(bytes.data()),
            &size)) {
        return std::nullopt;
    }
    bytes.resize(size);
    return bytes;
}

std::vector<std::string> LiveSources::battery_information() const {
    std::vector<std::string> answers;
    HDEVINFO devices = SetupDiGetClassDevsW(&GUID_DEVCLASS_BATTERY, nullptr, nullptr,
                                            DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (devices == INVALID_HANDLE_VALUE) return answers;
    for (DWORD i = 0; i < 8; ++i) {
        SP_DEVICE_INTERFACE_DATA device{};
        device.cbSize = sizeof device;
        if (!SetupDiEnumDeviceInterfaces(devices, nullptr, &GUID_DEVCLASS_BATTERY, i, &device)) {
            break;
        }
        DWORD size = 0;
        SetupDiGetDeviceInterfaceDetailW(devices, &device, nullptr, 0, &size, nullptr);
        if (size < sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W)) continue;
        std::string buffer(size, '\0');
        auto* detail = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_W*>(buffer.data());
        detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
        if (!SetupDiGetDeviceInterfaceDetailW(devices, &device, detail, size, nullptr, nullptr)) {
            continue;
        }
        if (auto answer = battery_answer(detail->DevicePath)) answers.push_back(std::move(*answer));
    }
    SetupDiDestroyDeviceInfoList(devices);
    return answers;
}

MachineFacts LiveSources::facts() const {
    MachineFacts facts;
    wchar_t name[256];
    DWORD length = static_cast<DWORD>(std::size(name));
    if (GetComputerNameExW(ComputerNameDnsHostname, name, &length)) {
        facts.computer_name = from_wide({name, length});
    }
    MEMORYSTATUSEX memory{};
    memory.dwLength = sizeof memory;
    if (GlobalMemoryStatusEx(&memory)) {
        facts.memory_total_bytes = memory.ullTotalPhys;
        facts.memory_available_bytes = memory.ullAvailPhys;
    }
    facts.uptime_ms = GetTickCount64();
    FILETIME idle{}, kernel{}, user{};
    if (GetSystemTimes(&idle, &kernel, &user)) {
        const auto ticks = [](FILETIME t) {
            return static_cast<std::uint64_t>(t.dwHighDateTime) << 32 | t.dwLowDateTime;
        };
        facts.cpu_times = SystemTimes{ticks(idle), ticks(kernel), ticks(user)};
    }
    facts.volumes = volumes();
    facts.adapters = adapters();
    facts.disks = disks();
    SYSTEM_POWER_STATUS power{};
    if (GetSystemPowerStatus(&power)) {
        facts.power = PowerAnswer{power.ACLineStatus, power.BatteryFlag, power.BatteryLifePercent};
    }
    return facts;
}

}  // namespace clicfleet::agent::windows
