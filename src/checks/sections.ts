/** Section headings of the ISE 3.0 "Prepare for Upgrade" guide, as printed (the reference copy). */
export const GUIDE = {
  healthCheck: 'Health Check',
  guidelines: 'Guidelines to Minimize Upgrade Time and Maximize Efficiency during Upgrade',
  validateData: 'Validate Data to Prevent Upgrade Failures',
  urt: 'Download and Run the Upgrade Readiness Tool',
  conditions:
    'Change the Name of Authorization Simple Condition if a Predefined Authorization Compound Condition with the Same Name Exists',
  vm: 'Change VMware Virtual Machine Guest Operating System and Settings',
  sponsor: 'Remove Non-ASCII Characters From Sponsor Group Names',
  ports: 'Firewall Ports that Must be Open for Communication',
  backup: 'Back Up Cisco ISE Configuration and Operational Data from the Primary Administration Node',
  caChain: 'CA Certificate Chain',
  certValidity: 'Check Certificate Validity',
  certExport: 'Export Certificates and Private Keys',
  disableAutomation: 'Disable PAN Automatic Failover and Disable Scheduled Backups before Upgrading',
  ntp: 'Configure NTP Server and Verify Availability',
  upgradeVm: 'Upgrade Virtual Machine',
  profiler: 'Record Profiler Configuration',
  ad: 'Obtain Active Directory and Internal Administrator Account Credentials',
  mdm: 'Activate MDM Vendor Before Upgrade',
  repository: 'Create Repository and Copy the Upgrade Bundle',
  disk: 'Check the Available Disk Size',
  loadBalancer: 'Check Load Balancer Configuration',
  mnt: 'Log Retention and Resizing MnT Hard Disk',
} as const;

/** The admin GUI menu, as the guide writes paths (Menu icon ☰, then these). */
export const MENU = {
  deployment: 'Administration > System > Deployment',
  systemCerts: 'Administration > System > Certificates > Certificate Management > System Certificates',
  trustedCerts: 'Administration > System > Certificates > Certificate Management > Trusted Certificates',
  caCerts:
    'Administration > System > Certificates > Certificate Authority > Certificate Authority Certificates',
  backup: 'Administration > System > Backup & Restore',
  repositories: 'Administration > System > Maintenance > Repository',
  licensing: 'Administration > System > Licensing',
  conditions: 'Policy > Policy Elements > Conditions > Authorization > Simple Conditions',
  sponsorGroups: 'Work Centers > Guest Access > Portals & Components > Sponsor Groups',
  mdm: 'Administration > Network Resources > External MDM',
  policySets: 'Policy > Policy Sets',
  adJoin: 'Administration > Identity Management > External Identity Sources > Active Directory',
  collectionFilters: 'Administration > System > Logging > Collection Filters',
  remoteLogging: 'Administration > System > Logging > Remote Logging Targets',
  radius: 'Administration > System > Settings > Protocols > RADIUS',
} as const;
