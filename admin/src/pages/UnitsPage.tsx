import { Card, Col, Row, Table, Tag } from 'antd';
import { useApi } from '../hooks';
import { LoadError, PageTitle } from '../components';
import { t } from '../i18n';
import type { Area, Unit } from '@cchc/contract/console/reference';
import type { Areas, Units } from '@cchc/contract/console/reference';

const kinds: Record<string, string> = {
  province: 'UBND cấp tỉnh',
  department: 'Sở, ban, ngành',
  central: 'Cơ quan Trung ương tại tỉnh',
  'public-service': 'Đơn vị sự nghiệp',
  press: 'Báo chí',
  'mass-org': 'MTTQ, đoàn thể',
  district: 'Cấp huyện (đến 30/6/2025)',
  'district-agency': 'Phòng, ban cấp huyện',
  commune: 'UBND cấp xã',
  division: 'Phòng, ban thuộc đơn vị',
};

const scopeTag = (inScope: boolean) =>
  inScope ? <Tag color="green">Trong phạm vi</Tag> : <Tag>Ngoài phạm vi</Tag>;

/** What the staff member may act for comes first: a ward's editor finds their ward among 100+ communes. */
const inScopeFirst = <T extends { inScope: boolean }>(rows: T[] | undefined) =>
  rows && [...rows].sort((a, b) => Number(b.inScope) - Number(a.inScope));

export default function UnitsPage() {
  const units = useApi<Units>('/reference/units');
  const areas = useApi<Areas>('/reference/areas');
  return (
    <>
      <PageTitle>{t.menu.units}</PageTitle>
      <LoadError status={units.status} error={units.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={13}>
          <Card title="Đơn vị">
            <Table<Unit>
              size="small"
              rowKey="code"
              loading={units.loading}
              dataSource={inScopeFirst(units.data?.items)}
              pagination={{ pageSize: 15 }}
              columns={[
                { title: 'Tên đơn vị', dataIndex: 'name' },
                { title: 'Loại', dataIndex: 'kind', render: (k: string) => kinds[k] ?? k },
                { title: 'Phạm vi', dataIndex: 'inScope', render: scopeTag },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={11}>
          <Card title="Xã, phường (địa bàn)">
            <Table<Area>
              size="small"
              rowKey="code"
              loading={areas.loading}
              dataSource={inScopeFirst(areas.data?.items)}
              pagination={{ pageSize: 15 }}
              columns={[
                { title: 'Tên', dataIndex: 'name' },
                { title: 'Phạm vi', dataIndex: 'inScope', render: scopeTag },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
