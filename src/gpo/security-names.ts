/**
 * The names the Group Policy editor (and GPMC's HTML report) gives a security template's settings,
 * by the key the template writes: `MinimumPasswordLength` is "Minimum password length",
 * `SeDenyNetworkLogonRight` is "Deny access to this computer from the network". From Microsoft
 * Learn's "Account Policies", "Audit Policy" and "User Rights Assignment" references (each policy's
 * page names its constant). A key not listed keeps its own name.
 */

/** A table of names looked up without case (Windows matches these keys in any case). */
function caseless(entries: ReadonlyArray<readonly [string, string]>): (key: string) => string | undefined {
  const byLower = new Map(entries.map(([k, v]) => [k.toLowerCase(), v]));
  return (key) => byLower.get(key.toLowerCase());
}

const NAMES = caseless([
  // [System Access]: password, lockout and the account options the editor lists under Security Options.
  ['MinimumPasswordAge', 'Minimum password age'],
  ['MaximumPasswordAge', 'Maximum password age'],
  ['MinimumPasswordLength', 'Minimum password length'],
  ['MinimumPasswordLengthAudit', 'Minimum password length audit'],
  ['RelaxMinimumPasswordLengthLimits', 'Relax minimum password length limits'],
  ['PasswordComplexity', 'Password must meet complexity requirements'],
  ['PasswordHistorySize', 'Enforce password history'],
  ['ClearTextPassword', 'Store passwords using reversible encryption'],
  ['LockoutBadCount', 'Account lockout threshold'],
  ['ResetLockoutCount', 'Reset account lockout counter after'],
  ['LockoutDuration', 'Account lockout duration'],
  ['AllowAdministratorLockout', 'Allow Administrator account lockout'],
  ['ForceLogoffWhenHourExpire', 'Network security: Force logoff when logon hours expire'],
  ['NewAdministratorName', 'Accounts: Rename administrator account'],
  ['NewGuestName', 'Accounts: Rename guest account'],
  ['EnableAdminAccount', 'Accounts: Administrator account status'],
  ['EnableGuestAccount', 'Accounts: Guest account status'],
  ['LSAAnonymousNameLookup', 'Network access: Allow anonymous SID/Name translation'],
  // [Kerberos Policy]
  ['MaxTicketAge', 'Maximum lifetime for user ticket'],
  ['MaxRenewAge', 'Maximum lifetime for user ticket renewal'],
  ['MaxServiceAge', 'Maximum lifetime for service ticket'],
  ['MaxClockSkew', 'Maximum tolerance for computer clock synchronization'],
  ['TicketValidateClient', 'Enforce user logon restrictions'],
  // [Event Audit]: the legacy audit policy.
  ['AuditAccountLogon', 'Audit account logon events'],
  ['AuditAccountManage', 'Audit account management'],
  ['AuditDSAccess', 'Audit directory service access'],
  ['AuditLogonEvents', 'Audit logon events'],
  ['AuditObjectAccess', 'Audit object access'],
  ['AuditPolicyChange', 'Audit policy change'],
  ['AuditPrivilegeUse', 'Audit privilege use'],
  ['AuditProcessTracking', 'Audit process tracking'],
  ['AuditSystemEvents', 'Audit system events'],
  // [Privilege Rights]: User Rights Assignment.
  ['SeTrustedCredManAccessPrivilege', 'Access Credential Manager as a trusted caller'],
  ['SeNetworkLogonRight', 'Access this computer from the network'],
  ['SeTcbPrivilege', 'Act as part of the operating system'],
  ['SeMachineAccountPrivilege', 'Add workstations to domain'],
  ['SeIncreaseQuotaPrivilege', 'Adjust memory quotas for a process'],
  ['SeInteractiveLogonRight', 'Allow log on locally'],
  ['SeRemoteInteractiveLogonRight', 'Allow log on through Remote Desktop Services'],
  ['SeBackupPrivilege', 'Back up files and directories'],
  ['SeChangeNotifyPrivilege', 'Bypass traverse checking'],
  ['SeSystemtimePrivilege', 'Change the system time'],
  ['SeTimeZonePrivilege', 'Change the time zone'],
  ['SeCreatePagefilePrivilege', 'Create a pagefile'],
  ['SeCreateTokenPrivilege', 'Create a token object'],
  ['SeCreateGlobalPrivilege', 'Create global objects'],
  ['SeCreatePermanentPrivilege', 'Create permanent shared objects'],
  ['SeCreateSymbolicLinkPrivilege', 'Create symbolic links'],
  ['SeDebugPrivilege', 'Debug programs'],
  ['SeDenyNetworkLogonRight', 'Deny access to this computer from the network'],
  ['SeDenyBatchLogonRight', 'Deny log on as a batch job'],
  ['SeDenyServiceLogonRight', 'Deny log on as a service'],
  ['SeDenyInteractiveLogonRight', 'Deny log on locally'],
  ['SeDenyRemoteInteractiveLogonRight', 'Deny log on through Remote Desktop Services'],
  ['SeEnableDelegationPrivilege', 'Enable computer and user accounts to be trusted for delegation'],
  ['SeRemoteShutdownPrivilege', 'Force shutdown from a remote system'],
  ['SeAuditPrivilege', 'Generate security audits'],
  ['SeImpersonatePrivilege', 'Impersonate a client after authentication'],
  ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set'],
  ['SeIncreaseBasePriorityPrivilege', 'Increase scheduling priority'],
  ['SeLoadDriverPrivilege', 'Load and unload device drivers'],
  ['SeLockMemoryPrivilege', 'Lock pages in memory'],
  ['SeBatchLogonRight', 'Log on as a batch job'],
  ['SeServiceLogonRight', 'Log on as a service'],
  ['SeSecurityPrivilege', 'Manage auditing and security log'],
  ['SeRelabelPrivilege', 'Modify an object label'],
  ['SeSystemEnvironmentPrivilege', 'Modify firmware environment values'],
  ['SeDelegateSessionUserImpersonatePrivilege', 'Obtain an impersonation token for another user in the same session'],
  ['SeManageVolumePrivilege', 'Perform volume maintenance tasks'],
  ['SeProfileSingleProcessPrivilege', 'Profile single process'],
  ['SeSystemProfilePrivilege', 'Profile system performance'],
  ['SeUndockPrivilege', 'Remove computer from docking station'],
  ['SeAssignPrimaryTokenPrivilege', 'Replace a process level token'],
  ['SeRestorePrivilege', 'Restore files and directories'],
  ['SeShutdownPrivilege', 'Shut down the system'],
  ['SeSyncAgentPrivilege', 'Synchronize directory service data'],
  ['SeTakeOwnershipPrivilege', 'Take ownership of files or other objects'],
]);

/** The editor's name for a security template key (`MinimumPasswordLength` → "Minimum password length"), or undefined. */
export function securitySettingName(key: string): string | undefined {
  return NAMES(key);
}

/**
 * The display names of the system services a security template may set (`[Service General
 * Setting]` names them by service name), for the services Microsoft's Policy CSP maps
 * (`SystemServices`): from Microsoft's "Guidance on disabling system services on Windows Server
 * with Desktop Experience", which lists each service's name and display name.
 */
const SERVICE_NAMES = caseless([
  ['Browser', 'Computer Browser'],
  ['HomeGroupListener', 'HomeGroup Listener'],
  ['HomeGroupProvider', 'HomeGroup Provider'],
  ['IISADMIN', 'IIS Admin Service'],
  ['irmon', 'Infrared Monitor Service'],
  ['SharedAccess', 'Internet Connection Sharing (ICS)'],
  ['LxssManager', 'LxssManager'],
  ['FTPSVC', 'Microsoft FTP Service'],
  ['RpcLocator', 'Remote Procedure Call (RPC) Locator'],
  ['RemoteAccess', 'Routing and Remote Access'],
  ['simptcp', 'Simple TCP/IP Services'],
  ['sacsvr', 'Special Administration Console Helper'],
  ['SSDPSRV', 'SSDP Discovery'],
  ['upnphost', 'UPnP Device Host'],
  ['WMSvc', 'Web Management Service'],
  ['WMPNetworkSvc', 'Windows Media Player Network Sharing Service'],
  ['icssvc', 'Windows Mobile Hotspot Service'],
  ['W3SVC', 'World Wide Web Publishing Service'],
  ['XboxGipSvc', 'Xbox Accessory Management Service'],
  ['XblAuthManager', 'Xbox Live Auth Manager'],
  ['XblGameSave', 'Xbox Live Game Save'],
  ['XboxNetApiSvc', 'Xbox Live Networking Service'],
]);

/** A service's display name (`XblGameSave` → "Xbox Live Game Save"), or undefined for one not listed. */
export function serviceDisplayName(service: string): string | undefined {
  return SERVICE_NAMES(service);
}
