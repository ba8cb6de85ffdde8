// The agent workspace's entry point.
import 'element-plus/dist/index.css';
import './styles/main.css';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n, initialLocale, saveLocale } from './i18n';
import { createAppRouter } from './router';

const locale = initialLocale();
saveLocale(locale);
createApp(App).use(createPinia()).use(createAppRouter()).use(createAppI18n(locale)).use(ElementPlus).mount('#app');
