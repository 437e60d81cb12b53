import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { localDateOf } from '../../shared/calendar/time';
import { tryParseCccdQr } from '../../shared/cccd/parse';
import { isDossierCode } from '../../shared/codes/dossier-code';
import { translator } from '../../shared/i18n';
import { CallError, call } from '../api/client';
import { useScanner } from '../components/scanner';
import { useIntake } from '../features/intake/store';
import { useNavigation } from '../stores/navigation';

/**
 * What a scanner burst means anywhere in the application: a receipt's barcode (a dossier code) opens
 * that dossier; a CCCD QR fills the intake's applicant (or owner) and shows the intake screen.
 * Anything else is ignored, or reported when it looked like a CCCD but is not a valid one.
 */
export function useGlobalScan(): void {
  const { t, i18n } = useTranslation('dossier');
  const { message } = App.useApp();
  useScanner((text) => {
    const scanned = text.trim();
    if (isDossierCode(scanned)) {
      call('dossier.get', { code: scanned }).then(
        (detail) => {
          useNavigation.getState().openDossier(detail.row.id);
          void message.info(t('scan.openedDossier', { code: detail.row.code ?? scanned }));
        },
        (e: unknown) => {
          void message.error(
            e instanceof CallError && e.data.code === 'DOSSIER_NOT_FOUND'
              ? t('scan.unknownCode', { code: scanned })
              : String(e instanceof CallError ? e.data.message : e),
          );
        },
      );
      return;
    }
    if (!scanned.includes('|')) return;
    const parsed = tryParseCccdQr(scanned, { today: localDateOf(Date.now()) });
    if (!parsed.ok) {
      const language = i18n.language === 'en' ? 'en' : 'vi';
      const detail = translator(language)(`domain:${parsed.error.code}`, parsed.error.params);
      void message.error(t('intake.cccdInvalid', { message: detail }));
      return;
    }
    useIntake.getState().fillFromCccd(parsed.value);
    useNavigation.getState().go('intake');
    void message.success(t('intake.cccdFilled', { name: parsed.value.fullName }));
  });
}
