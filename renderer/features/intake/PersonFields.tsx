import { Col, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PersonDraft, useIntake } from './store';

const fields: { key: keyof PersonDraft; span: number; max: number; inputMode?: 'numeric' | 'tel' | 'email' }[] = [
  { key: 'fullName', span: 12, max: 200 },
  { key: 'idNumber', span: 6, max: 50, inputMode: 'numeric' },
  { key: 'dateOfBirth', span: 6, max: 10 },
  { key: 'phone', span: 6, max: 30, inputMode: 'tel' },
  { key: 'email', span: 6, max: 200, inputMode: 'email' },
  { key: 'address', span: 12, max: 500 },
];

/** Name, ID number, date of birth, phone, email, address of the applicant or the owner. */
export function PersonFields({ who, organisation }: { who: 'applicant' | 'owner'; organisation: boolean }) {
  const { t } = useTranslation('dossier');
  const person = useIntake((s) => s[who]);
  const setPerson = useIntake((s) => s.setPerson);
  const all = organisation ? [...fields, { key: 'organisation' as const, span: 24, max: 300 }] : fields;
  return (
    <Row gutter={[8, 8]} style={{ marginBottom: 8 }}>
      {all.map((f) => (
        <Col key={f.key} span={f.span * 1}>
          <Input
            name={`${who}.${f.key}`}
            aria-label={`${t(`intake.${f.key}`)} (${t(`intake.${who}`)})`}
            placeholder={f.key === 'dateOfBirth' ? `${t('intake.dateOfBirth')} (dd/mm/yyyy)` : t(`intake.${f.key}`)}
            value={person[f.key]}
            maxLength={f.max}
            inputMode={f.inputMode}
            onChange={(e) => setPerson(who, { [f.key]: e.target.value })}
          />
        </Col>
      ))}
    </Row>
  );
}
