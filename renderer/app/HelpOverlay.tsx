import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../stores/navigation';
import { useVisibleScreens } from './screens';

const general = [
  { keys: 'F1', action: 'help.F1' },
  { keys: '/', action: 'help.slash' },
  { keys: '↑ ↓', action: 'help.arrows' },
  { keys: 'Enter', action: 'help.enter' },
  { keys: 'Ctrl+Enter', action: 'help.ctrlEnter' },
  { keys: 'Esc', action: 'help.esc' },
];

export function HelpOverlay() {
  const { t } = useTranslation();
  const screens = useVisibleScreens();
  const open = useNavigation((s) => s.helpOpen);
  const setOpen = useNavigation((s) => s.setHelpOpen);
  return (
    <Modal open={open} title={t('help.title')} footer={null} onCancel={() => setOpen(false)}>
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={[
          ...screens.map((s) => ({ keys: `Alt+${s.key.toUpperCase()}`, action: `nav.${s.id}` })),
          ...general,
        ]}
        columns={[
          { title: t('help.keys'), dataIndex: 'keys', width: 120, render: (k: string) => <kbd>{k}</kbd> },
          { title: t('help.action'), dataIndex: 'action', render: (key: string) => t(key) },
        ]}
      />
    </Modal>
  );
}
