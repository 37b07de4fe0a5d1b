; The Windows installer: Inno Setup 6 over the same one-folder bundle that installer/build makes
; on Linux (on Windows: `pyinstaller installer\nyanland.spec` gives dist\nyanland\, with
; nyanland.exe and the icon resources\icons\nyanland.ico). Built on Windows with
;   iscc installer\windows\nyanland.iss
; It cannot be built on the Linux build machine; keep it in step with installer/nyanland.spec:
; the same folder, the same version (pyproject.toml), the same icon.
;
; Per user (no administrator rights: %LOCALAPPDATA%\Programs\nyanland) or per machine
; (Program Files, for IT's deployment): the user is asked, or IT chooses on the command line
; with /ALLUSERS or /CURRENTUSER (silent: /VERYSILENT /ALLUSERS).
; The uninstaller removes the program only: each user's store, key file, backups and settings
; live in their own %LOCALAPPDATA%\nyanland\ and %APPDATA%\nyanland\, which it never touches.

#define AppName "nyanland"
#define AppVersion "0.1.0"
#define AppPublisher "nyanland developers"
#define BundleDir "..\..\dist\nyanland"

[Setup]
AppId={{6F3E2C4B-8D1A-4E57-9C0B-2A7D5E1F9B33}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppComments=Ärendeverktyg för nyanländas etablering
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=nyanland-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\nyanland.ico
UninstallDisplayIcon={app}\nyanland.exe
UninstallDisplayName={#AppName} {#AppVersion}
LicenseFile=licence.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\nyanland.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\nyanland.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\nyanland.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself leaves in its own folder (Python's caches); never the user's data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
