package com.fleetops.drivers;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {
  private final DispatcherKeyInterceptor dispatcherKeys;

  public WebConfig(DispatcherKeyInterceptor dispatcherKeys) {
    this.dispatcherKeys = dispatcherKeys;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(dispatcherKeys).addPathPatterns("/drivers/**");
  }
}
