import React from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return <main style={{ padding: 16, fontFamily: 'sans-serif' }}><h1>Cải cách hành chính</h1><p>Đang xây dựng.</p></main>;
}

createRoot(document.getElementById('app')!).render(<App />);
