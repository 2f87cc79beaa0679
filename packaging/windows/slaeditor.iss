; Inno Setup script: SLA Editor for Windows, from the PyInstaller bundle in dist\bundle\slaeditor.
; Build (after `python packaging\build.py --skip-deb`, which also writes build\icons\slaeditor.ico):
;   iscc /DAppVersion=0.1.0 packaging\windows\slaeditor.iss
; The GitHub workflow (.github/workflows/package.yml) does this; it has not been run here (the
; project's machines are Linux), see the README's Packaging section.
;
; Agreement files: Windows picks a file's program by its LAST extension only, so `*.sla.yaml`
; cannot get an association of its own without taking over every `.yaml` file. The installer
; therefore registers the ProgID SlaEditor.Agreement, offers it for `.yaml`/`.yml` under "Open
; with" (OpenWithProgids, which never steals the default), and makes it the default only when
; the user ticks the task "associate .yaml files".

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=<version from pyproject.toml> slaeditor.iss
#endif

#define AppName "SLA Editor"
#define AppExe "SLA Editor.exe"
#define ProgId "SlaEditor.Agreement"

[Setup]
AppId={{6C1B6E8A-4E52-4C1E-9A57-2F4B4E0E5A31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=SLA Editor team
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\build\icons\slaeditor.ico
OutputDir=..\..\dist
OutputBaseFilename=slaeditor-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associateyaml"; Description: "Open all .yaml files with {#AppName} (agreements are *.sla.yaml)"; GroupDescription: "File associations:"; Flags: unchecked

[Files]
Source: "..\..\dist\bundle\slaeditor\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The document type: its name, icon and how to open it.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Service level agreement"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Offered under "Open with" for YAML files, without becoming their default.
Root: HKA; Subkey: "Software\Classes\.yaml\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.yml\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".yaml"; ValueData: ""; Flags: uninsdeletekey
; The default for .yaml only when the user asked for it.
Root: HKA; Subkey: "Software\Classes\.yaml"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associateyaml
; `slaeditor-cli.exe` on the PATH of a command prompt is left to the user: App Paths makes the
; desktop program startable from Win+R as "SLA Editor".
Root: HKA; Subkey: "Software\Microsoft\Windows\CurrentVersion\App Paths\{#AppExe}"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe}"; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
