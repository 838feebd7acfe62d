; 绩效复核台 installer (pynsist template, filled by pynsist; built by installer/build_windows.sh).
; Per-user: no administrator rights, installs under %LOCALAPPDATA%\Programs, registry under HKCU only.
!define PRODUCT_NAME "[[ib.appname]]"
!define PRODUCT_VERSION "[[ib.version]]"
!define INSTALLER_NAME "[[ib.installer_name]]"
!define PRODUCT_ICON "[[icon]]"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_NAME}"
; Windows picks the handler by the last extension: 报告.pdf.jxfh is a review file, not a PDF.
!define REVIEW_EXT ".jxfh"
!define PROG_ID "JixiaoFuhetai.Review"
!define SHCNE_ASSOCCHANGED 0x08000000

; The app is amd64 only, so is its installer (it also runs under a 64-bit-only Wine).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
Name "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "${INSTALLER_NAME}"
ShowInstDetails show

!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "!${PRODUCT_NAME}" sec_app
  SetShellVarContext current
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${PRODUCT_ICON}"
  ; An upgrade must not keep modules the new version dropped.
  RMDir /r "$INSTDIR\pkgs"
  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"

  [% for destination, group in grouped_files %]
  SetOutPath "[[destination]]"
  [% for file in group %]
  File "[[ file ]]"
  [% endfor %]
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  SetOutPath "[[ pjoin(destination, dir) ]]"
  File /r "[[dir]]\*.*"
  [% endfor %]

  ; Shortcuts start in the user's documents, where reports are.
  SetOutPath "$DOCUMENTS"
  [% for scname, sc in ib.shortcuts.items() %]
  CreateShortCut "$SMPROGRAMS\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  CreateShortCut "$DESKTOP\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  WriteRegStr HKCU "Software\Classes\${REVIEW_EXT}" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "绩效复核文件"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\[[ sc['icon'] ]]"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"[[sc['target'] ]]" [[ sc['parameters'] ]] "%1"'
  [% endfor %]
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'
  SetOutPath "$INSTDIR"

  [% if has_commands %]
  DetailPrint "正在设置命令行程序…"
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -Es "$INSTDIR\_system_path.py" add_user "$INSTDIR\bin"'
  [% endif %]
  DetailPrint "正在编译 Python 模块…"
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -m compileall -q "$INSTDIR\pkgs"'

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  [% if has_commands %]
  nsExec::ExecToLog '"$INSTDIR\Python\python.exe" -Es "$INSTDIR\_system_path.py" remove "$INSTDIR\bin"'
  [% endif %]
  [% for scname in ib.shortcuts %]
  Delete "$SMPROGRAMS\[[scname]].lnk"
  Delete "$DESKTOP\[[scname]].lnk"
  [% endfor %]
  ; Only undo the association if it is still ours.
  ReadRegStr $0 HKCU "Software\Classes\${REVIEW_EXT}" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\${REVIEW_EXT}"
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'

  RMDir /r "$INSTDIR\pkgs"
  [% for file, destination in ib.install_files %]
  Delete "[[pjoin(destination, file)]]"
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  RMDir /r "[[pjoin(destination, dir)]]"
  [% endfor %]
  Delete "$INSTDIR\${PRODUCT_ICON}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
