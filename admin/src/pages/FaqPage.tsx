import { Route, Routes, useParams } from 'react-router-dom';
import TopicList from './faq/TopicList';
import TopicEditor from './faq/TopicEditor';

/** A fresh editor per topic (and for a new one), so nothing typed for one topic lingers into another. */
function EditTopic() {
  const { id } = useParams();
  return <TopicEditor key={id ?? '(new)'} />;
}

/** "Hỏi đáp": the knowledge base in staff hands — /faq lists topics, /faq/new and /faq/:id edit one. */
export default function FaqPage() {
  return (
    <Routes>
      <Route index element={<TopicList />} />
      <Route path="new" element={<EditTopic />} />
      <Route path=":id" element={<EditTopic />} />
    </Routes>
  );
}
