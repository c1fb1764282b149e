/**
 * Security options named and valued as the Group Policy editor and GPMC show them: for each
 * registry value (`MACHINE\…` path, compared without case) or `[System Access]` name, the display
 * name and how its value reads. Built from Microsoft's security policy settings reference
 * ("Security Options" and each option's page: registry path, type, values and their meaning) and
 * checked against every `gpreport.xml` in ../shared/gpo-backups (test/security-template.test.ts).
 */

import type { SecurityOption } from './security.js';

/** How an option's value reads: a flag, a choice among numbered (or quoted-text) items, bit flags, a number with a unit, or text. */
export type OptionKind =
  | { kind: 'boolean' }
  | { kind: 'choice'; items: ReadonlyArray<readonly [number | string, string]> }
  | { kind: 'flags'; items: ReadonlyArray<readonly [number, string]> }
  | { kind: 'number'; unit?: string }
  | { kind: 'text' };

/** One security option's display name and value kind. */
export interface SecurityOptionInfo {
  name: string;
  value: OptionKind;
}

const B = { kind: 'boolean' } as const;
const T = { kind: 'text' } as const;
const N = (unit?: string): OptionKind => ({ kind: 'number', ...(unit ? { unit } : {}) });
const C = (...items: Array<readonly [number | string, string]>): OptionKind => ({ kind: 'choice', items });
const F = (...items: Array<readonly [number, string]>): OptionKind => ({ kind: 'flags', items });

const LSA = 'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\';
const MSV = `${LSA}MSV1_0\\`;
const SYS = 'MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\';
const WINLOGON = 'MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';
const NETLOGON = 'MACHINE\\System\\CurrentControlSet\\Services\\Netlogon\\Parameters\\';
const SERVER = 'MACHINE\\System\\CurrentControlSet\\Services\\LanManServer\\Parameters\\';
const CLIENT = 'MACHINE\\System\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters\\';
const NTDS = 'MACHINE\\System\\CurrentControlSet\\Services\\NTDS\\Parameters\\';
const SESSION = 'MACHINE\\System\\CurrentControlSet\\Control\\Session Manager\\';

const ENTRIES: Array<[string, string, OptionKind]> = [
  // Accounts
  ['EnableAdminAccount', 'Accounts: Administrator account status', B],
  ['EnableGuestAccount', 'Accounts: Guest account status', B],
  ['NewAdministratorName', 'Accounts: Rename administrator account', T],
  ['NewGuestName', 'Accounts: Rename guest account', T],
  [`${SYS}NoConnectedUser`, 'Accounts: Block Microsoft accounts', C([0, 'This policy is disabled'], [1, "Users can't add Microsoft accounts"], [3, "Users can't add or log on with Microsoft accounts"])],
  [`${LSA}LimitBlankPasswordUse`, 'Accounts: Limit local account use of blank passwords to console logon only', B],
  // Audit
  [`${LSA}AuditBaseObjects`, 'Audit: Audit the access of global system objects', B],
  [`${LSA}FullPrivilegeAuditing`, 'Audit: Audit the use of Backup and Restore privilege', T],
  [`${LSA}SCENoApplyLegacyAuditPolicy`, 'Audit: Force audit policy subcategory settings (Windows Vista or later) to override audit policy category settings', B],
  [`${LSA}CrashOnAuditFail`, 'Audit: Shut down system immediately if unable to log security audits', B],
  // DCOM
  ['MACHINE\\Software\\Policies\\Microsoft\\Windows NT\\DCOM\\MachineAccessRestriction', 'DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax', T],
  ['MACHINE\\Software\\Policies\\Microsoft\\Windows NT\\DCOM\\MachineLaunchRestriction', 'DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax', T],
  // Devices
  [`${WINLOGON}AllocateDASD`, 'Devices: Allowed to format and eject removable media', C(['0', 'Administrators'], ['1', 'Administrators and Power Users'], ['2', 'Administrators and Interactive Users'])],
  ['MACHINE\\System\\CurrentControlSet\\Control\\Print\\Providers\\LanMan Print Services\\Servers\\AddPrinterDrivers', 'Devices: Prevent users from installing printer drivers', B],
  [`${WINLOGON}AllocateCDRoms`, 'Devices: Restrict CD-ROM access to locally logged-on user only', C(['0', 'Disabled'], ['1', 'Enabled'])],
  [`${WINLOGON}AllocateFloppies`, 'Devices: Restrict floppy access to locally logged-on user only', C(['0', 'Disabled'], ['1', 'Enabled'])],
  // Domain controller
  [`${LSA}SubmitControl`, 'Domain controller: Allow server operators to schedule tasks', B],
  [`${NTDS}LDAPServerIntegrity`, 'Domain controller: LDAP server signing requirements', C([1, 'None'], [2, 'Require signing'])],
  [`${NTDS}LdapEnforceChannelBinding`, 'Domain controller: LDAP server channel binding token requirements', C([0, 'Never'], [1, 'When supported'], [2, 'Always'])],
  [`${NETLOGON}RefusePasswordChange`, 'Domain controller: Refuse machine account password changes', B],
  // Domain member
  [`${NETLOGON}RequireSignOrSeal`, 'Domain member: Digitally encrypt or sign secure channel data (always)', B],
  [`${NETLOGON}SealSecureChannel`, 'Domain member: Digitally encrypt secure channel data (when possible)', B],
  [`${NETLOGON}SignSecureChannel`, 'Domain member: Digitally sign secure channel data (when possible)', B],
  [`${NETLOGON}DisablePasswordChange`, 'Domain member: Disable machine account password changes', B],
  [`${NETLOGON}MaximumPasswordAge`, 'Domain member: Maximum machine account password age', N('days')],
  [`${NETLOGON}RequireStrongKey`, 'Domain member: Require strong (Windows 2000 or later) session key', B],
  // Interactive logon
  [`${SYS}DontDisplayLockedUserId`, 'Interactive logon: Display user information when the session is locked', C([1, 'User display name, domain and user names'], [2, 'User display name only'], [3, 'Do not display user information'])],
  [`${SYS}DontDisplayUserName`, "Interactive logon: Don't display username at sign-in", B],
  [`${SYS}DontDisplayLastUserName`, "Interactive logon: Don't display last signed-in", B],
  [`${SYS}DisableCAD`, 'Interactive logon: Do not require CTRL+ALT+DEL', B],
  [`${SYS}InactivityTimeoutSecs`, 'Interactive logon: Machine inactivity limit', N('seconds')],
  [`${SYS}MaxDevicePasswordFailedAttempts`, 'Interactive logon: Machine account lockout threshold', N('invalid logon attempts')],
  [`${SYS}LegalNoticeText`, 'Interactive logon: Message text for users attempting to log on', T],
  [`${SYS}LegalNoticeCaption`, 'Interactive logon: Message title for users attempting to log on', T],
  [`${WINLOGON}CachedLogonsCount`, 'Interactive logon: Number of previous logons to cache (in case domain controller is not available)', N('logons')],
  [`${WINLOGON}PasswordExpiryWarning`, 'Interactive logon: Prompt user to change password before expiration', N('days')],
  [`${WINLOGON}ForceUnlockLogon`, 'Interactive logon: Require Domain Controller authentication to unlock workstation', B],
  [`${SYS}ScForceOption`, 'Interactive logon: Require Windows Hello for Business or smart card', B],
  [`${WINLOGON}ScRemoveOption`, 'Interactive logon: Smart card removal behavior', C(['0', 'No Action'], ['1', 'Lock Workstation'], ['2', 'Force Logoff'], ['3', 'Disconnect if a Remote Desktop Services session'])],
  // Microsoft network client
  [`${CLIENT}RequireSecuritySignature`, 'Microsoft network client: Digitally sign communications (always)', B],
  [`${CLIENT}EnableSecuritySignature`, 'Microsoft network client: Digitally sign communications (if server agrees)', B],
  [`${CLIENT}EnablePlainTextPassword`, 'Microsoft network client: Send unencrypted password to third-party SMB servers', B],
  // Microsoft network server
  [`${SERVER}AutoDisconnect`, 'Microsoft network server: Amount of idle time required before suspending session', N('minutes')],
  [`${SERVER}EnableS4U2SelfForClaims`, 'Microsoft network server: Attempt S4U2Self to obtain claim information', C([0, 'Default'], [1, 'Enabled'], [2, 'Disabled'])],
  [`${SERVER}RequireSecuritySignature`, 'Microsoft network server: Digitally sign communications (always)', B],
  [`${SERVER}EnableSecuritySignature`, 'Microsoft network server: Digitally sign communications (if client agrees)', B],
  [`${SERVER}EnableForcedLogOff`, 'Microsoft network server: Disconnect clients when logon hours expire', B],
  [`${SERVER}SmbServerNameHardeningLevel`, 'Microsoft network server: Server SPN target name validation level', C([0, 'Off'], [1, 'Accept if provided by client'], [2, 'Required from client'])],
  // Network access
  ['LSAAnonymousNameLookup', 'Network access: Allow anonymous SID/Name translation', B],
  [`${LSA}RestrictAnonymousSAM`, 'Network access: Do not allow anonymous enumeration of SAM accounts', B],
  [`${LSA}RestrictAnonymous`, 'Network access: Do not allow anonymous enumeration of SAM accounts and shares', B],
  [`${LSA}DisableDomainCreds`, 'Network access: Do not allow storage of passwords and credentials for network authentication', B],
  [`${LSA}EveryoneIncludesAnonymous`, 'Network access: Let Everyone permissions apply to anonymous users', B],
  [`${SERVER}NullSessionPipes`, 'Network access: Named Pipes that can be accessed anonymously', T],
  ['MACHINE\\System\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg\\AllowedExactPaths\\Machine', 'Network access: Remotely accessible registry paths', T],
  ['MACHINE\\System\\CurrentControlSet\\Control\\SecurePipeServers\\Winreg\\AllowedPaths\\Machine', 'Network access: Remotely accessible registry paths and subpaths', T],
  [`${SERVER}RestrictNullSessAccess`, 'Network access: Restrict anonymous access to Named Pipes and Shares', B],
  [`${LSA}RestrictRemoteSAM`, 'Network access: Restrict clients allowed to make remote calls to SAM', T],
  [`${SERVER}NullSessionShares`, 'Network access: Shares that can be accessed anonymously', T],
  [`${LSA}ForceGuest`, 'Network access: Sharing and security model for local accounts', C([0, 'Classic - local users authenticate as themselves'], [1, 'Guest only - local users authenticate as Guest'])],
  // Network security
  [`${LSA}UseMachineId`, 'Network security: Allow Local System to use computer identity for NTLM', B],
  [`${MSV}allownullsessionfallback`, 'Network security: Allow LocalSystem NULL session fallback', B],
  [`${LSA}pku2u\\AllowOnlineID`, 'Network security: Allow PKU2U authentication requests to this computer to use online identities.', B],
  [`${SYS}Kerberos\\Parameters\\SupportedEncryptionTypes`, 'Network security: Configure encryption types allowed for Kerberos', F([1, 'DES_CBC_CRC'], [2, 'DES_CBC_MD5'], [4, 'RC4_HMAC_MD5'], [8, 'AES128_HMAC_SHA1'], [16, 'AES256_HMAC_SHA1'], [0x7ffffff8, 'Future encryption types'])],
  [`${LSA}NoLMHash`, 'Network security: Do not store LAN Manager hash value on next password change', B],
  ['ForceLogoffWhenHourExpire', 'Network security: Force logoff when logon hours expire', B],
  [`${LSA}LmCompatibilityLevel`, 'Network security: LAN Manager authentication level', C([0, 'Send LM & NTLM responses'], [1, 'Send LM & NTLM - use NTLMv2 session security if negotiated'], [2, 'Send NTLM response only'], [3, 'Send NTLMv2 response only'], [4, 'Send NTLMv2 response only. Refuse LM'], [5, 'Send NTLMv2 response only. Refuse LM & NTLM'])],
  ['MACHINE\\System\\CurrentControlSet\\Services\\LDAP\\LDAPClientIntegrity', 'Network security: LDAP client signing requirements', C([0, 'None'], [1, 'Negotiate signing'], [2, 'Require signing'])],
  [`${MSV}NTLMMinClientSec`, 'Network security: Minimum session security for NTLM SSP based (including secure RPC) clients', F([0x80000, 'Require NTLMv2 session security'], [0x20000000, 'Require 128-bit encryption'])],
  [`${MSV}NTLMMinServerSec`, 'Network security: Minimum session security for NTLM SSP based (including secure RPC) servers', F([0x80000, 'Require NTLMv2 session security'], [0x20000000, 'Require 128-bit encryption'])],
  [`${MSV}ClientAllowedNTLMServers`, 'Network security: Restrict NTLM: Add remote server exceptions for NTLM authentication', T],
  [`${NETLOGON}DCAllowedNTLMServers`, 'Network security: Restrict NTLM: Add server exceptions in this domain', T],
  [`${MSV}AuditReceivingNTLMTraffic`, 'Network security: Restrict NTLM: Audit Incoming NTLM Traffic', C([0, 'Disable'], [1, 'Enable auditing for domain accounts'], [2, 'Enable auditing for all accounts'])],
  [`${NETLOGON}AuditNTLMInDomain`, 'Network security: Restrict NTLM: Audit NTLM authentication in this domain', C([0, 'Disable'], [1, 'Enable for domain accounts to domain servers'], [3, 'Enable for domain accounts'], [5, 'Enable for domain servers'], [7, 'Enable all'])],
  [`${MSV}RestrictReceivingNTLMTraffic`, 'Network security: Restrict NTLM: Incoming NTLM traffic', C([0, 'Allow all'], [1, 'Deny all domain accounts'], [2, 'Deny all accounts'])],
  [`${NETLOGON}RestrictNTLMInDomain`, 'Network security: Restrict NTLM: NTLM authentication in this domain', C([0, 'Disable'], [1, 'Deny for domain accounts to domain servers'], [3, 'Deny for domain accounts'], [5, 'Deny for domain servers'], [7, 'Deny all'])],
  [`${MSV}RestrictSendingNTLMTraffic`, 'Network security: Restrict NTLM: Outgoing NTLM traffic to remote servers', C([0, 'Allow all'], [1, 'Audit all'], [2, 'Deny all'])],
  // Recovery console
  ['MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Setup\\RecoveryConsole\\SecurityLevel', 'Recovery console: Allow automatic administrative logon', B],
  ['MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Setup\\RecoveryConsole\\SetCommand', 'Recovery console: Allow floppy copy and access to all drives and all folders', B],
  // Shutdown
  [`${SYS}ShutdownWithoutLogon`, 'Shutdown: Allow system to be shut down without having to log on', B],
  [`${SESSION}Memory Management\\ClearPageFileAtShutdown`, 'Shutdown: Clear virtual memory pagefile', B],
  // System cryptography
  ['MACHINE\\Software\\Policies\\Microsoft\\Cryptography\\ForceKeyProtection', 'System cryptography: Force strong key protection for user keys stored on the computer', C([0, 'User input is not required when new keys are stored and used'], [1, 'User is prompted when the key is first used'], [2, 'User must enter a password each time they use a key'])],
  [`${LSA}FIPSAlgorithmPolicy\\Enabled`, 'System cryptography: Use FIPS compliant algorithms for encryption, hashing, and signing', B],
  // System objects
  [`${SESSION}Kernel\\ObCaseInsensitive`, 'System objects: Require case insensitivity for non-Windows subsystems', B],
  [`${SESSION}ProtectionMode`, 'System objects: Strengthen default permissions of internal system objects (e.g. Symbolic Links)', B],
  // System settings
  [`${SESSION}SubSystems\\optional`, 'System settings: Optional subsystems', T],
  ['MACHINE\\Software\\Policies\\Microsoft\\Windows\\Safer\\CodeIdentifiers\\AuthenticodeEnabled', 'System settings: Use Certificate Rules on Windows Executables for Software Restriction Policies', B],
  // User Account Control
  [`${SYS}FilterAdministratorToken`, 'User Account Control: Admin Approval Mode for the Built-in Administrator account', B],
  [`${SYS}EnableUIADesktopToggle`, 'User Account Control: Allow UIAccess applications to prompt for elevation without using the secure desktop', B],
  [`${SYS}ConsentPromptBehaviorAdmin`, 'User Account Control: Behavior of the elevation prompt for administrators in Admin Approval Mode', C([0, 'Elevate without prompting'], [1, 'Prompt for credentials on the secure desktop'], [2, 'Prompt for consent on the secure desktop'], [3, 'Prompt for credentials'], [4, 'Prompt for consent'], [5, 'Prompt for consent for non-Windows binaries'])],
  [`${SYS}ConsentPromptBehaviorEnhancedAdmin`, 'User Account Control: Behavior of the elevation prompt for administrators running with enhanced privilege protection', C([1, 'Prompt for credentials on the secure desktop'], [2, 'Prompt for consent on the secure desktop'])],
  [`${SYS}ConsentPromptBehaviorUser`, 'User Account Control: Behavior of the elevation prompt for standard users', C([0, 'Automatically deny elevation requests'], [1, 'Prompt for credentials on the secure desktop'], [3, 'Prompt for credentials'])],
  [`${SYS}TypeOfAdminApprovalMode`, 'User Account Control: Configure type of Admin Approval Mode', C([1, 'Legacy Admin Approval Mode'], [2, 'Admin Approval Mode with enhanced privilege protection'])],
  [`${SYS}EnableInstallerDetection`, 'User Account Control: Detect application installations and prompt for elevation', B],
  [`${SYS}ValidateAdminCodeSignatures`, 'User Account Control: Only elevate executables that are signed and validated', B],
  [`${SYS}EnableSecureUIAPaths`, 'User Account Control: Only elevate UIAccess applications that are installed in secure locations', B],
  [`${SYS}EnableLUA`, 'User Account Control: Run all administrators in Admin Approval Mode', B],
  [`${SYS}PromptOnSecureDesktop`, 'User Account Control: Switch to the secure desktop when prompting for elevation', B],
  [`${SYS}EnableVirtualization`, 'User Account Control: Virtualize file and registry write failures to per-user locations', B],
];

/** The table, by the option's key (registry path or `[System Access]` name) folded to upper case. */
export const SECURITY_OPTIONS: ReadonlyMap<string, SecurityOptionInfo> = new Map(ENTRIES.map(([key, name, value]) => [key.toUpperCase(), { name, value }]));

/** A security option's display name and its value in words, or undefined for an option not in the table. */
export function describeSecurityOption(o: Pick<SecurityOption, 'key' | 'value'>): { displayName: string; display: string } | undefined {
  const info = SECURITY_OPTIONS.get(o.key.toUpperCase());
  if (!info) return undefined;
  return { displayName: info.name, display: valueWords(info.value, o.value) };
}

/** A value in the words of its kind (a value the kind does not know is shown as written). */
function valueWords(k: OptionKind, v: SecurityOption['value']): string {
  const text = Array.isArray(v) ? v.join(', ') : String(v);
  switch (k.kind) {
    case 'boolean':
      return v === 1 || v === '1' ? 'Enabled' : v === 0 || v === '0' ? 'Disabled' : text;
    case 'choice':
      return k.items.find(([x]) => String(x) === String(v))?.[1] ?? text;
    case 'flags': {
      if (typeof v !== 'number') return text;
      const names = k.items.filter(([bit]) => (v & bit) === bit && bit !== 0).map(([, n]) => n);
      const known = k.items.reduce((m, [bit]) => m | bit, 0);
      return names.length && (v & ~known) === 0 ? names.join(', ') : v === 0 ? 'None' : text;
    }
    case 'number':
      return k.unit ? `${text} ${k.unit}` : text;
    case 'text':
      return text;
  }
}
